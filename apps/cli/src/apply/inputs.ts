import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** One picture to process: where it is and where its reconstruction goes. */
export interface PlannedImage {
  input: string;
  output: string;
}

/** A picture that could not be processed, with a stable code and a one-line reason. */
export interface FailedImage {
  input: string;
  code: string;
  message: string;
}

/**
 * The arguments as pictures: files as given (whatever their extension: a non-image is reported when decoded), folders
 * expanded to the PNG and JPEG files directly inside them, in name order. Each goes to `<outDir>/<name>.png`; a name
 * two inputs share, or an output that would replace its own input, is a failure of that input.
 */
export function planImages(args: readonly string[], outDir: string): { planned: PlannedImage[]; failed: FailedImage[] } {
  const planned: PlannedImage[] = [];
  const failed: FailedImage[] = [];
  const files: string[] = [];
  for (const arg of args) {
    const path = resolve(arg);
    if (!existsSync(path)) {
      failed.push({ input: arg, code: 'FILE_MISSING', message: `${arg} does not exist` });
    } else if (statSync(path).isDirectory()) {
      const inside = readdirSync(path, { withFileTypes: true })
        .filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase()))
        .map((e) => join(path, e.name))
        .sort();
      if (inside.length === 0) failed.push({ input: arg, code: 'NO_IMAGES', message: `${arg} holds no .png, .jpg or .jpeg files` });
      files.push(...inside);
    } else {
      files.push(path);
    }
  }
  const taken = new Map<string, string>();
  for (const input of files) {
    const output = join(outDir, `${basename(input, extname(input))}.png`);
    const other = taken.get(output);
    if (output === input) {
      failed.push({ input, code: 'OUTPUT_IS_INPUT', message: `${input}: its output would replace it; choose another --out` });
    } else if (other !== undefined) {
      failed.push({ input, code: 'NAME_CLASH', message: `${input}: ${other} already writes ${output}` });
    } else {
      taken.set(output, input);
      planned.push({ input, output });
    }
  }
  return { planned, failed };
}
