/**
 * `aelab ... | head` closes the pipe while aelab is still writing. Node reports that as an EPIPE error event on
 * stdout, which nothing handles, so it crashed with a stack trace and a failure status. The reader has all it
 * wanted, so that is a normal end: leave at once, successfully, without writing anything more.
 */
export function endQuietlyWhenReaderLeaves(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
}
