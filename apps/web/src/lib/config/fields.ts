/** The form control id for a config path such as `model.layers[1].units` (error messages link to it). */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-+$/, '')}`;
}

/** The id and the error message of the form control for a config path, from the form's errors by path. */
export function fieldFor(errors: Readonly<Record<string, string>>, path: string): { id: string; error: string | undefined } {
  return { id: fieldId(path), error: errors[path] };
}
