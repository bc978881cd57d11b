/**
 * Canonical files, their checksums and where to download them. The numbers come from ../shared/data/SOURCES.md
 * (which checked them against the canonical originals) and the datasets' home pages.
 */
export interface CanonicalFile {
  /** Canonical file name inside the dataset's folder. */
  name: string;
  /** Other accepted names for the same content (e.g. the uncompressed IDX file). */
  alternatives?: string[];
  /** Canonical digests of the bytes of `name`. */
  sha256?: string;
  md5?: string;
  size?: number;
  /** md5 of the uncompressed content (for a gzip file found decompressed). */
  rawMd5?: string;
  /**
   * sha256 of the parsed values (USPS: the canonical gzip bytes are unknown to us, its values are): see
   * `uspsContentDigestInput`.
   */
  contentSha256?: string;
  /** Records in the canonical file. */
  records?: number;
}

export interface ArchiveSource {
  /** Remote file name of the archive. */
  name: string;
  sha256?: string;
  md5?: string;
  size?: number;
  /** Folder inside the archive holding the members, which keep their canonical names. */
  memberFolder: string;
}

export interface DatasetManifest {
  /** Folder of the dataset inside a data dir or the cache. */
  folder: string;
  /** Files per split, in reading order. */
  splits: { train: CanonicalFile[]; test: CanonicalFile[] };
  /** Optional extra files (read when present, never required). */
  extras?: CanonicalFile[];
  /** Base URLs tried in order; a file's URL is base + remote name. */
  mirrors: string[];
  /** When set, the files come out of this archive instead of being downloaded one by one. */
  archive?: ArchiveSource;
}

export type FileDatasetName = 'mnist' | 'usps' | 'cifar10';

export const MANIFESTS: Record<FileDatasetName, DatasetManifest> = {
  mnist: {
    folder: 'mnist',
    splits: {
      train: [
        {
          name: 'train-images-idx3-ubyte.gz',
          alternatives: ['train-images-idx3-ubyte'],
          sha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
          md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
          size: 9912422,
          rawMd5: '6bbc9ace898e44ae57da46a324031adb',
          records: 60000,
        },
        {
          name: 'train-labels-idx1-ubyte.gz',
          alternatives: ['train-labels-idx1-ubyte'],
          sha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
          md5: 'd53e105ee54ea40749a09fcbcd1e9432',
          size: 28881,
          rawMd5: 'a25bea736e30d166cdddb491f175f624',
          records: 60000,
        },
      ],
      test: [
        {
          name: 't10k-images-idx3-ubyte.gz',
          alternatives: ['t10k-images-idx3-ubyte'],
          sha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
          md5: '9fb629c4189551a2d022fa330f9573f3',
          size: 1648877,
          rawMd5: '2646ac647ad5339dbf082846283269ea',
          records: 10000,
        },
        {
          name: 't10k-labels-idx1-ubyte.gz',
          alternatives: ['t10k-labels-idx1-ubyte'],
          sha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
          md5: 'ec29112dd5afa0611ce80d1b7f02629c',
          size: 4542,
          rawMd5: '27ae3e4e09519cfbb04c329615203637',
          records: 10000,
        },
      ],
    },
    // yann.lecun.com is the original but has refused plain downloads for years; the two big mirrors serve the
    // byte-identical files.
    mirrors: [
      'https://ossci-datasets.s3.amazonaws.com/mnist/',
      'https://storage.googleapis.com/cvdf-datasets/mnist/',
      'http://yann.lecun.com/exdb/mnist/',
    ],
  },
  usps: {
    folder: 'usps',
    splits: {
      train: [
        {
          name: 'zip.train.gz',
          alternatives: ['zip.train'],
          contentSha256: 'f6877c2b1e13f6c81fe6d7e9fbc8a23b7b4f83daa74ae3c848c5e2cd15a3d343',
          records: 7291,
        },
      ],
      test: [
        {
          name: 'zip.test.gz',
          alternatives: ['zip.test'],
          contentSha256: '33d0310aa3a753e15c747aaf7dabe4a3fec71c0814655df8becaab956be15f66',
          records: 2007,
        },
      ],
    },
    mirrors: ['https://hastie.su.domains/ElemStatLearn/datasets/', 'https://web.stanford.edu/~hastie/ElemStatLearn/datasets/'],
  },
  cifar10: {
    folder: 'cifar10',
    splits: {
      train: [
        { name: 'data_batch_1.bin', sha256: 'cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5', md5: '5dd7e06a14cb22eb9f671a540d1b7c25', size: 30730000, records: 10000 },
        { name: 'data_batch_2.bin', sha256: 'a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed', md5: '5ea93a67294ea407fff1d09f752e9692', size: 30730000, records: 10000 },
        { name: 'data_batch_3.bin', sha256: 'bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67', md5: '942cd6a4bcdd0dd3c604fbe906cb4421', size: 30730000, records: 10000 },
        { name: 'data_batch_4.bin', sha256: '014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48', md5: 'ae636b3ba5c66a11e91e8cb52e771fcb', size: 30730000, records: 10000 },
        { name: 'data_batch_5.bin', sha256: '755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add', md5: '53f37980c15c3d472c316c40844f3f0d', size: 30730000, records: 10000 },
      ],
      test: [{ name: 'test_batch.bin', md5: '803d5f7f4d78ea53de84dbe85f74fb6d', size: 30730000, records: 10000 }],
    },
    extras: [{ name: 'batches.meta.txt' }],
    mirrors: ['https://www.cs.toronto.edu/~kriz/'],
    archive: {
      name: 'cifar-10-binary.tar.gz',
      sha256: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd',
      md5: 'c32a1d4ab5d03f1284b67883e8d87530',
      size: 170052171,
      memberFolder: 'cifar-10-batches-bin',
    },
  },
};

/** The manifest of a file-backed dataset (`mnist-binary` reads mnist's files). */
export function manifestFor(name: string): DatasetManifest | undefined {
  if (name === 'mnist' || name === 'mnist-binary') return MANIFESTS.mnist;
  if (name === 'usps') return MANIFESTS.usps;
  if (name === 'cifar10') return MANIFESTS.cifar10;
  return undefined;
}
