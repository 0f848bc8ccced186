/** Placeholders for the web and for text: git, hacker, image, internet, lorem, music, phone, system, vehicle. */
import type { Faker } from '@faker-js/faker';
import { boolArg, countArg, numberArg, show, stringArg } from '../placeholder-arguments.js';
import { ArgumentError, type PlaceholderGroup, plain, withArgs } from '../placeholder-definition.js';
import { replaceSymbolWithNumber } from './random.js';

const IMAGE_CATEGORIES = [
  'abstract',
  'animals',
  'business',
  'cats',
  'city',
  'food',
  'nightlife',
  'fashion',
  'people',
  'nature',
  'sports',
  'technics',
  'transport',
] as const;

function internetColor(args: readonly unknown[]): (f: Faker) => string {
  const bases = [0, 1, 2].map((i) => numberArg(args[i], 'a base colour') ?? 0);
  // faker.js mixed a random channel with the base: (random 0..256 + base) / 2.
  return (f) =>
    `#${bases
      .map((b) =>
        Math.floor((f.number.int(256) + b) / 2)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
}

/** git.*: faker.js's git module. */
export const GIT_PLACEHOLDERS: PlaceholderGroup = {
  'git.branch': plain('faker.git.branch()', (f) => f.git.branch()),
  // The entry's Date line reads the template's clock, like every relative date, so runs reproduce.
  'git.commitEntry': plain('faker.git.commitEntry({ refDate })', (f, c) =>
    f.git.commitEntry({ refDate: c.now() }),
  ),
  'git.commitMessage': plain('faker.git.commitMessage()', (f) => f.git.commitMessage()),
  'git.commitSha': plain('faker.git.commitSha()', (f) => f.git.commitSha()),
  'git.shortSha': plain('faker.git.commitSha({ length: 7 })', (f) => f.git.commitSha({ length: 7 })),
};

/** hacker.*: faker.js's hacker module. */
export const HACKER_PLACEHOLDERS: PlaceholderGroup = {
  'hacker.abbreviation': plain('faker.hacker.abbreviation()', (f) => f.hacker.abbreviation()),
  'hacker.adjective': plain('faker.hacker.adjective()', (f) => f.hacker.adjective()),
  'hacker.noun': plain('faker.hacker.noun()', (f) => f.hacker.noun()),
  'hacker.verb': plain('faker.hacker.verb()', (f) => f.hacker.verb()),
  'hacker.ingverb': plain('faker.hacker.ingverb()', (f) => f.hacker.ingverb()),
  'hacker.phrase': plain('faker.hacker.phrase()', (f) => f.hacker.phrase()),
};

/** image.*: faker.js's image module. */
export const IMAGE_PLACEHOLDERS: PlaceholderGroup = {
  'image.image': plain('faker.image.url()', (f) => f.image.url()),
  'image.avatar': plain('faker.image.avatar()', (f) => f.image.avatar()),
  // lorempixel's categories are gone; faker.image.url() (its replacement) has none.
  'image.imageUrl': withArgs('faker.image.url({ width, height }) (the category is ignored)', ([w, h]) => {
    const width = countArg(w, 'width') ?? 640;
    const height = countArg(h, 'height') ?? 480;
    return (f) => f.image.url({ width, height });
  }),
  ...Object.fromEntries(
    IMAGE_CATEGORIES.map((category) => [
      `image.${category}`,
      withArgs('faker.image.url({ width, height })', ([w, h]) => {
        const width = countArg(w, 'width') ?? 640;
        const height = countArg(h, 'height') ?? 480;
        return (f) => f.image.url({ width, height });
      }),
    ]),
  ),
  'image.dataUri': withArgs('faker.image.dataUri({ width, height })', ([w, h]) => {
    const width = countArg(w, 'width') ?? 640;
    const height = countArg(h, 'height') ?? 480;
    return (f) => f.image.dataUri({ width, height });
  }),
};

/** internet.*: faker.js's internet module. */
export const INTERNET_PLACEHOLDERS: PlaceholderGroup = {
  'internet.avatar': plain('faker.image.avatar()', (f) => f.image.avatar()),
  'internet.email': withArgs(
    'faker.internet.email({ firstName, lastName, provider })',
    ([first, last, prov]) => {
      const options = {
        firstName: stringArg(first, 'firstName'),
        lastName: stringArg(last, 'lastName'),
        provider: stringArg(prov, 'provider'),
      };
      return (f) => f.internet.email(options);
    },
  ),
  'internet.exampleEmail': withArgs(
    'faker.internet.exampleEmail({ firstName, lastName })',
    ([first, last]) => {
      const options = { firstName: stringArg(first, 'firstName'), lastName: stringArg(last, 'lastName') };
      return (f) => f.internet.exampleEmail(options);
    },
  ),
  'internet.userName': withArgs('faker.internet.username({ firstName, lastName })', ([first, last]) => {
    const options = { firstName: stringArg(first, 'firstName'), lastName: stringArg(last, 'lastName') };
    return (f) => f.internet.username(options);
  }),
  'internet.protocol': plain('faker.internet.protocol()', (f) => f.internet.protocol()),
  'internet.url': plain('faker.internet.url()', (f) => f.internet.url()),
  'internet.domainName': plain('faker.internet.domainName()', (f) => f.internet.domainName()),
  'internet.domainSuffix': plain('faker.internet.domainSuffix()', (f) => f.internet.domainSuffix()),
  'internet.domainWord': plain('faker.internet.domainWord()', (f) => f.internet.domainWord()),
  'internet.ip': plain('faker.internet.ipv4()', (f) => f.internet.ipv4()),
  'internet.ipv6': plain('faker.internet.ipv6()', (f) => f.internet.ipv6()),
  'internet.userAgent': plain('faker.internet.userAgent()', (f) => f.internet.userAgent()),
  'internet.color': withArgs(
    '#rrggbb from faker.number.int(256), mixed with the base colours',
    internetColor,
  ),
  'internet.mac': withArgs('faker.internet.mac(separator)', ([separator]) => {
    const sep = stringArg(separator, 'the separator') ?? ':';
    return (f) => f.internet.mac(sep);
  }),
  'internet.password': withArgs(
    'faker.internet.password({ length, memorable, pattern, prefix })',
    ([len, mem, pat, pre]) => {
      const source = stringArg(pat, 'the pattern');
      let pattern: RegExp | undefined;
      try {
        pattern = source === undefined ? undefined : new RegExp(source);
      } catch {
        throw new ArgumentError(`the pattern is not a regular expression: ${show(source)}`);
      }
      const options = {
        length: countArg(len, 'length') ?? 15,
        memorable: boolArg(mem) ?? false,
        pattern,
        prefix: stringArg(pre, 'prefix') ?? '',
      };
      return (f) => f.internet.password(options);
    },
  ),
};

/** lorem.*: faker.js's lorem module. */
export const LOREM_PLACEHOLDERS: PlaceholderGroup = {
  'lorem.word': plain('faker.lorem.word()', (f) => f.lorem.word()),
  'lorem.words': withArgs('faker.lorem.words(count)', ([count]) => {
    const n = countArg(count, 'count') ?? 3;
    return (f) => f.lorem.words(n);
  }),
  'lorem.sentence': withArgs('faker.lorem.sentence(wordCount)', ([count]) => {
    const n = countArg(count, 'wordCount');
    return (f) => f.lorem.sentence(n ?? { min: 3, max: 10 });
  }),
  'lorem.slug': withArgs('faker.lorem.slug(wordCount)', ([count]) => {
    const n = countArg(count, 'wordCount') ?? 3;
    return (f) => f.lorem.slug(n);
  }),
  'lorem.sentences': withArgs('faker.lorem.sentences(count, separator)', ([count, separator]) => {
    const n = countArg(count, 'count');
    const sep = stringArg(separator, 'the separator') ?? ' ';
    return (f) => f.lorem.sentences(n ?? { min: 2, max: 6 }, sep);
  }),
  'lorem.paragraph': withArgs('faker.lorem.paragraph(sentenceCount)', ([count]) => {
    const n = countArg(count, 'sentenceCount') ?? 3;
    return (f) => f.lorem.paragraph(n);
  }),
  'lorem.paragraphs': withArgs('faker.lorem.paragraphs(count, separator)', ([count, separator]) => {
    const n = countArg(count, 'count') ?? 3;
    const sep = stringArg(separator, 'the separator') ?? '\n \r';
    return (f) => f.lorem.paragraphs(n, sep);
  }),
  'lorem.text': plain('faker.lorem.text()', (f) => f.lorem.text()),
  'lorem.lines': withArgs('faker.lorem.lines(count)', ([count]) => {
    const n = countArg(count, 'count');
    return (f) => f.lorem.lines(n ?? { min: 1, max: 5 });
  }),
};

/** music.* and phone.*: faker.js's music and phone modules. */
export const MUSIC_AND_PHONE_PLACEHOLDERS: PlaceholderGroup = {
  'music.genre': plain('faker.music.genre()', (f) => f.music.genre()),
  'phone.phoneNumber': withArgs('faker.phone.number() (with a format: # replaced by digits)', ([format]) => {
    const text = stringArg(format, 'the format');
    return text ? (f) => replaceSymbolWithNumber(f, text, '#') : (f) => f.phone.number();
  }),
  'phone.phoneNumberFormat': plain('faker.phone.number()', (f) => f.phone.number()),
};

/** system.*: faker.js's system module. */
export const SYSTEM_PLACEHOLDERS: PlaceholderGroup = {
  'system.fileName': plain('faker.system.fileName()', (f) => f.system.fileName()),
  'system.commonFileName': withArgs('faker.system.commonFileName(extension)', ([ext]) => {
    const extension = stringArg(ext, 'the extension');
    return (f) => f.system.commonFileName(extension);
  }),
  'system.mimeType': plain('faker.system.mimeType()', (f) => f.system.mimeType()),
  'system.commonFileType': plain('faker.system.commonFileType()', (f) => f.system.commonFileType()),
  'system.commonFileExt': plain('faker.system.commonFileExt()', (f) => f.system.commonFileExt()),
  'system.fileType': plain('faker.system.fileType()', (f) => f.system.fileType()),
  'system.fileExt': withArgs('faker.system.fileExt(mimeType)', ([mime]) => {
    const mimeType = stringArg(mime, 'the MIME type');
    return (f) => f.system.fileExt(mimeType);
  }),
  'system.directoryPath': plain('faker.system.directoryPath()', (f) => f.system.directoryPath()),
  'system.filePath': plain('faker.system.filePath()', (f) => f.system.filePath()),
  'system.semver': plain('faker.system.semver()', (f) => f.system.semver()),
};

/** vehicle.*: faker.js's vehicle module. */
export const VEHICLE_PLACEHOLDERS: PlaceholderGroup = {
  'vehicle.vehicle': plain('faker.vehicle.vehicle()', (f) => f.vehicle.vehicle()),
  'vehicle.manufacturer': plain('faker.vehicle.manufacturer()', (f) => f.vehicle.manufacturer()),
  'vehicle.model': plain('faker.vehicle.model()', (f) => f.vehicle.model()),
  'vehicle.type': plain('faker.vehicle.type()', (f) => f.vehicle.type()),
  'vehicle.fuel': plain('faker.vehicle.fuel()', (f) => f.vehicle.fuel()),
  'vehicle.vin': plain('faker.vehicle.vin()', (f) => f.vehicle.vin()),
  'vehicle.color': plain('faker.vehicle.color()', (f) => f.vehicle.color()),
};
