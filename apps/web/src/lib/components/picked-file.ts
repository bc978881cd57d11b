/**
 * An `onchange` handler for a file input: hands over the chosen file, then clears the input so that choosing the
 * same file again (after fixing it on disk) fires again.
 */
export function pickedFile(handle: (file: File) => void): (event: Event & { currentTarget: HTMLInputElement }) => void {
  return (event) => {
    const file = event.currentTarget.files?.[0];
    if (file) handle(file);
    event.currentTarget.value = '';
  };
}
