import { existsSync, mkdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { MAX_APPLY_PIXELS, ddae } from '@aelab/core';
import { loadModelAt, selectBackend } from '@aelab/core/node';
import { type Command, Option } from 'commander';
import { CliError } from '../errors.js';
import { planImages, type FailedImage } from '../apply/inputs.js';
import { processImage, type AppliedOutput } from '../apply/process.js';
import { info, printJson } from '../output.js';

interface ApplyFlags {
  model: string;
  out: string;
  sideBySide?: boolean;
  force?: boolean;
  backend: string;
  json?: boolean;
}

function errorOf(err: unknown): { code: string; message: string } {
  const code = err instanceof Error && typeof (err as { code?: unknown }).code === 'string' ? (err as unknown as { code: string }).code : null;
  // Anything uncoded is a bug, not a bad picture: let it surface with its stack.
  if (!code) throw err;
  return { code, message: (err as Error).message };
}

/** `aelab apply`: a trained model's reconstructions of a user's pictures. */
export function register(program: Command): void {
  program
    .command('apply')
    .description(
      'run a trained autoencoder on your pictures (PNG or JPEG, any size; folders are expanded) and write each reconstruction as ' +
        '<out>/<name>.png of the same width and height. Conv models run fully convolutionally (padded to their stride multiple, ' +
        'cropped back); dense models see the picture resized and greyed to their input. Bad pictures are skipped and listed; ' +
        `the exit code is 2 when any failed. Pictures above ${MAX_APPLY_PIXELS.toLocaleString('en-US')} pixels (2048x2048) are refused.`,
    )
    .argument('<image...>', 'PNG or JPEG files, or folders of them')
    .requiredOption('-m, --model <path>', 'a run directory, a `reproduce cifar --out` folder, or a model folder (model.json + weights.bin)')
    .option('-o, --out <dir>', 'where the reconstructions go', 'reconstructions')
    .option('--side-by-side', 'write the original and the reconstruction next to each other')
    .option('--force', 'replace outputs that exist (they are kept otherwise)')
    .addOption(new Option('--backend <name>', 'tensor backend').choices([...ddae.BACKEND_CHOICES]).default('auto'))
    .option('--json', 'print {"outputs":[{"input","output","width","height","mse","notes"}],"kept":[...],"failed":[...]}')
    .addHelpText('after', '\nExamples:\n  aelab apply --model runs/cifar photo.jpg\n  aelab apply --model runs/cifar --out recon --side-by-side pictures/')
    .action(async (images: string[], opts: ApplyFlags) => {
      // The backend first: the model's weights are created on it.
      await selectBackend(opts.backend);
      const { model, dir } = loadModelAt(resolve(opts.model));
      try {
        const outDir = resolve(opts.out);
        const { planned, failed } = planImages(images, outDir);
        if (planned.length > 0) mkdirSync(outDir, { recursive: true });
        const outputs: AppliedOutput[] = [];
        const kept: string[] = [];
        const said = new Set<string>();
        for (const item of planned) {
          if (!opts.force && existsSync(item.output)) {
            kept.push(item.output);
            if (!opts.json) info(`kept ${relative(process.cwd(), item.output)} (exists; --force replaces it)`);
            continue;
          }
          try {
            const done = await processImage(model, item, { sideBySide: opts.sideBySide === true });
            outputs.push(done);
            // Notes such as "transparency dropped" are said once for the whole batch.
            for (const note of done.notes.filter((n) => !said.has(n))) {
              said.add(note);
              if (!opts.json) info(`note: ${note}`);
            }
            if (!opts.json) info(`${relative(process.cwd(), item.input)} -> ${relative(process.cwd(), item.output)} (${done.width}x${done.height}, MSE ${done.mse.toFixed(5)})`);
          } catch (err) {
            failed.push({ input: item.input, ...errorOf(err) });
          }
        }
        if (opts.json) {
          printJson({ model: dir, outDir, outputs, kept, failed });
        } else {
          for (const f of failed as FailedImage[]) info(`aelab: skipped: ${f.message} [${f.code}]`);
          info(`${outputs.length} written, ${kept.length} kept, ${failed.length} failed`);
        }
        if (failed.length > 0) process.exitCode = 2;
        if (outputs.length === 0 && kept.length === 0 && failed.length === 0) throw new CliError('NO_IMAGES', 'no pictures given');
      } finally {
        model.dispose();
      }
    });
}
