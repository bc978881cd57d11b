/** The form control id for a config path such as `model.layers[1].units` (error messages link to it). */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-+$/, '')}`;
}
