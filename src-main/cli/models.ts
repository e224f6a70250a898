/** `ser models`: list the saved models; export, import and delete them. */
import { resolve } from 'node:path';
import type { ModelMeta } from '../core/model/store-folder';
import { defaultModelsDir } from '../core/app-dirs';
import { recoverModelStore } from '../core/model/store-recovery';
import { deleteModel, exportModel, importModel, listModels, readModelMeta, resolveModelDir } from '../core/model/store';
import { parseCommandArgs, printJsonLine, UsageError, type Command } from './command';

const help = `Usage: ser models [list] [--json] [--dir DIR]
       ser models export <model> <file.zip or new folder>
       ser models import <file.zip or folder> [--name NAME]
       ser models delete <model>

Lists the saved models (oldest first): name, preset, validation accuracy, creation time and labels.
Folders holding model files that are not valid models are reported on stderr.
<model> is a model folder or the name of a model in the models folder.

  --json       list: one JSON array [{"name", "dir", "preset", "labels", "valAccuracy", "uar", "createdAt", ...}];
               export/import/delete: one JSON object
  --dir DIR    the models folder (default: $SER_MODELS_DIR or ~/.local/share/ser-desktop/models)
  --name NAME  import under this name (default: the model's own; a clash picks NAME-2, NAME-3, ...)`;

/** Validation accuracy: the final report's, else the last epoch's. */
function valAccuracy(meta: ModelMeta): number | undefined {
  return meta.report?.accuracy ?? meta.history.at(-1)?.valAccuracy;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean', default: false },
    dir: { type: 'string' },
    name: { type: 'string' },
  });
  const root = values.dir ? resolve(values.dir) : defaultModelsDir();
  const [action = 'list', ...args] = positionals;
  const want = (n: number, usage: string) => {
    if (args.length !== n) throw new UsageError(`usage: ser models ${usage}`);
  };
  const done = (json: object, text: string) => {
    if (values.json) printJsonLine(json);
    else console.log(text);
    return 0;
  };
  switch (action) {
    case 'list':
      want(0, '[list] [--json] [--dir DIR]');
      return list(root, values.json);
    case 'export': {
      want(2, 'export <model> <file.zip or new folder>');
      const dest = await exportModel(await resolveModelDir(args[0], root), args[1]);
      return done({ exported: dest }, `exported to ${dest}`);
    }
    case 'import': {
      want(1, 'import <file.zip or folder> [--name NAME]');
      const { dir, meta } = await importModel(args[0], root, { name: values.name });
      return done({ imported: dir, name: meta.name }, `imported '${meta.name}' into ${dir}`);
    }
    case 'delete': {
      want(1, 'delete <model>');
      const dir = await resolveModelDir(args[0], root);
      const meta = await readModelMeta(dir).catch(() => undefined);
      await deleteModel(dir);
      return done({ deleted: dir }, `deleted ${meta ? `'${meta.name}' ` : ''}(${dir})`);
    }
    default:
      throw new UsageError(`unknown models action '${action}' (expected list, export, import or delete)`);
  }
}

async function list(root: string, json: boolean): Promise<number> {
  for (const action of await recoverModelStore(root)) console.error(`ser: model store: ${action}`);
  const models = await listModels(root, (dir, reason) => console.error(`ser: not a usable model: ${dir}: ${reason}`));
  const rows = models.map(({ dir, meta }) => ({
    name: meta.name,
    dir,
    preset: meta.preset,
    labels: meta.labels,
    valAccuracy: valAccuracy(meta) ?? null,
    uar: meta.report?.uar ?? null,
    split: meta.split.spec,
    epochs: meta.history.length,
    backend: meta.backend,
    createdAt: meta.createdAt,
  }));
  if (json) {
    printJsonLine(rows);
    return 0;
  }
  if (rows.length === 0) {
    console.log(`no models in ${root}`);
    return 0;
  }
  const table = [
    ['NAME', 'PRESET', 'VAL ACC', 'CREATED', 'LABELS'],
    ...rows.map((r) => [
      r.name,
      r.preset,
      r.valAccuracy === null ? '-' : r.valAccuracy.toFixed(4),
      r.createdAt.replace('T', ' ').slice(0, 19),
      r.labels.join(','),
    ]),
  ];
  const widths = table[0].map((_, j) => Math.max(...table.map((row) => row[j].length)));
  console.log(`models in ${root}:`);
  for (const row of table) console.log(row.map((c, j) => (j === row.length - 1 ? c : c.padEnd(widths[j]))).join('  '));
  return 0;
}

export const command: Command = { help, run };
