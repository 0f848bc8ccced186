/** Placeholders about people, places and trade: name, address, commerce, company, database, finance. */
import { boolArg, countArg, numberArg, sexArg, stringArg } from '../placeholder-arguments.js';
import { ArgumentError, type PlaceholderGroup, plain, withArgs } from '../placeholder-definition.js';

/** name.*: faker.js's name module, faker v10's person. */
export const NAME_PLACEHOLDERS: PlaceholderGroup = {
  'name.firstName': withArgs('faker.person.firstName(sex)', ([gender]) => {
    const sex = sexArg(gender);
    return (f) => f.person.firstName(sex);
  }),
  'name.lastName': withArgs('faker.person.lastName(sex)', ([gender]) => {
    const sex = sexArg(gender);
    return (f) => f.person.lastName(sex);
  }),
  'name.middleName': withArgs('faker.person.middleName(sex)', ([gender]) => {
    const sex = sexArg(gender);
    return (f) => f.person.middleName(sex);
  }),
  'name.findName': withArgs(
    'faker.person.fullName({ firstName, lastName, sex })',
    ([first, last, gender]) => {
      const firstName = stringArg(first, 'firstName');
      const lastName = stringArg(last, 'lastName');
      const sex = sexArg(gender);
      return (f) => f.person.fullName({ firstName, lastName, sex });
    },
  ),
  'name.jobTitle': plain('faker.person.jobTitle()', (f) => f.person.jobTitle()),
  'name.title': plain('faker.person.jobTitle()', (f) => f.person.jobTitle()),
  'name.gender': plain('faker.person.gender()', (f) => f.person.gender()),
  'name.prefix': withArgs('faker.person.prefix(sex)', ([gender]) => {
    const sex = sexArg(gender);
    return (f) => f.person.prefix(sex);
  }),
  'name.suffix': plain('faker.person.suffix()', (f) => f.person.suffix()),
  'name.jobDescriptor': plain('faker.person.jobDescriptor()', (f) => f.person.jobDescriptor()),
  'name.jobArea': plain('faker.person.jobArea()', (f) => f.person.jobArea()),
  'name.jobType': plain('faker.person.jobType()', (f) => f.person.jobType()),
};

/** address.*: faker.js's address module, faker v10's location. */
export const ADDRESS_PLACEHOLDERS: PlaceholderGroup = {
  'address.zipCode': withArgs('faker.location.zipCode(format)', ([format]) => {
    const text = stringArg(format, 'the format');
    return (f) => (text ? f.location.zipCode(text) : f.location.zipCode());
  }),
  'address.city': plain('faker.location.city()', (f) => f.location.city()),
  'address.streetName': plain('faker.location.street()', (f) => f.location.street()),
  'address.streetAddress': withArgs('faker.location.streetAddress(useFullAddress)', ([full]) => {
    const useFullAddress = boolArg(full) ?? false;
    return (f) => f.location.streetAddress(useFullAddress);
  }),
  'address.secondaryAddress': plain('faker.location.secondaryAddress()', (f) =>
    f.location.secondaryAddress(),
  ),
  'address.county': plain('faker.location.county()', (f) => f.location.county()),
  'address.country': plain('faker.location.country()', (f) => f.location.country()),
  'address.countryCode': plain('faker.location.countryCode()', (f) => f.location.countryCode()),
  'address.state': plain('faker.location.state()', (f) => f.location.state()),
  'address.stateAbbr': plain('faker.location.state({ abbreviated: true })', (f) =>
    f.location.state({ abbreviated: true }),
  ),
  'address.latitude': withArgs(
    'faker.location.latitude({ max, min, precision })',
    ([max, min, precision]) => {
      const o = { max: numberArg(max, 'max') ?? 90, min: numberArg(min, 'min') ?? -90 };
      const digits = countArg(precision, 'precision') ?? 4;
      return (f) => f.location.latitude({ ...o, precision: digits }).toFixed(digits);
    },
  ),
  'address.longitude': withArgs(
    'faker.location.longitude({ max, min, precision })',
    ([max, min, precision]) => {
      const o = { max: numberArg(max, 'max') ?? 180, min: numberArg(min, 'min') ?? -180 };
      const digits = countArg(precision, 'precision') ?? 4;
      return (f) => f.location.longitude({ ...o, precision: digits }).toFixed(digits);
    },
  ),
  'address.direction': withArgs('faker.location.direction({ abbreviated })', ([abbr]) => {
    const abbreviated = boolArg(abbr) ?? false;
    return (f) => f.location.direction({ abbreviated });
  }),
  'address.cardinalDirection': withArgs('faker.location.cardinalDirection({ abbreviated })', ([abbr]) => {
    const abbreviated = boolArg(abbr) ?? false;
    return (f) => f.location.cardinalDirection({ abbreviated });
  }),
  'address.ordinalDirection': withArgs('faker.location.ordinalDirection({ abbreviated })', ([abbr]) => {
    const abbreviated = boolArg(abbr) ?? false;
    return (f) => f.location.ordinalDirection({ abbreviated });
  }),
  'address.nearbyGPSCoordinate': plain('faker.location.nearbyGPSCoordinate()', (f) =>
    f.location.nearbyGPSCoordinate(),
  ),
  'address.timeZone': plain('faker.location.timeZone()', (f) => f.location.timeZone()),
};

/** commerce.*: faker.js's commerce module. */
export const COMMERCE_PLACEHOLDERS: PlaceholderGroup = {
  'commerce.color': plain('faker.color.human()', (f) => f.color.human()),
  'commerce.department': plain('faker.commerce.department()', (f) => f.commerce.department()),
  'commerce.productName': plain('faker.commerce.productName()', (f) => f.commerce.productName()),
  'commerce.price': withArgs('faker.commerce.price({ min, max, dec, symbol })', ([min, max, dec, symbol]) => {
    const options = {
      min: numberArg(min, 'min') ?? 0,
      max: numberArg(max, 'max') ?? 1000,
      dec: countArg(dec, 'dec') ?? 2,
      symbol: stringArg(symbol, 'symbol') ?? '',
    };
    if (options.max < options.min)
      throw new ArgumentError(`max (${options.max}) is below min (${options.min})`);
    return (f) => f.commerce.price(options);
  }),
  'commerce.productAdjective': plain('faker.commerce.productAdjective()', (f) =>
    f.commerce.productAdjective(),
  ),
  'commerce.productMaterial': plain('faker.commerce.productMaterial()', (f) => f.commerce.productMaterial()),
  'commerce.product': plain('faker.commerce.product()', (f) => f.commerce.product()),
  'commerce.productDescription': plain('faker.commerce.productDescription()', (f) =>
    f.commerce.productDescription(),
  ),
};

/** company.*: faker.js's company module. */
export const COMPANY_PLACEHOLDERS: PlaceholderGroup = {
  'company.companyName': plain('faker.company.name()', (f) => f.company.name()),
  'company.catchPhrase': plain('faker.company.catchPhrase()', (f) => f.company.catchPhrase()),
  'company.bs': plain('faker.company.buzzPhrase()', (f) => f.company.buzzPhrase()),
  'company.catchPhraseAdjective': plain('faker.company.catchPhraseAdjective()', (f) =>
    f.company.catchPhraseAdjective(),
  ),
  'company.catchPhraseDescriptor': plain('faker.company.catchPhraseDescriptor()', (f) =>
    f.company.catchPhraseDescriptor(),
  ),
  'company.catchPhraseNoun': plain('faker.company.catchPhraseNoun()', (f) => f.company.catchPhraseNoun()),
  'company.bsAdjective': plain('faker.company.buzzAdjective()', (f) => f.company.buzzAdjective()),
  'company.bsBuzz': plain('faker.company.buzzVerb()', (f) => f.company.buzzVerb()),
  'company.bsNoun': plain('faker.company.buzzNoun()', (f) => f.company.buzzNoun()),
};

/** database.*: faker.js's database module. */
export const DATABASE_PLACEHOLDERS: PlaceholderGroup = {
  'database.column': plain('faker.database.column()', (f) => f.database.column()),
  'database.type': plain('faker.database.type()', (f) => f.database.type()),
  'database.collation': plain('faker.database.collation()', (f) => f.database.collation()),
  'database.engine': plain('faker.database.engine()', (f) => f.database.engine()),
};

/** finance.*: faker.js's finance module. */
export const FINANCE_PLACEHOLDERS: PlaceholderGroup = {
  'finance.account': withArgs('faker.finance.accountNumber(length)', ([length]) => {
    const n = countArg(length, 'length') ?? 8;
    return (f) => f.finance.accountNumber(n);
  }),
  'finance.accountName': plain('faker.finance.accountName()', (f) => f.finance.accountName()),
  'finance.routingNumber': plain('faker.finance.routingNumber()', (f) => f.finance.routingNumber()),
  'finance.mask': withArgs(
    'faker.string.numeric(length), wrapped as "(...1234)"',
    ([length, parens, ellipsis]) => {
      const n = countArg(length, 'length') || 4;
      const open = (boolArg(parens) ?? true) ? '(' : '';
      const close = open ? ')' : '';
      const dots = (boolArg(ellipsis) ?? true) ? '...' : '';
      return (f) => `${open}${dots}${f.string.numeric({ length: n, allowLeadingZeros: true })}${close}`;
    },
  ),
  'finance.amount': withArgs('faker.finance.amount({ min, max, dec, symbol })', ([min, max, dec, symbol]) => {
    const options = {
      min: numberArg(min, 'min') ?? 0,
      max: numberArg(max, 'max') ?? 1000,
      dec: countArg(dec, 'dec') ?? 2,
      symbol: stringArg(symbol, 'symbol') ?? '',
      autoFormat: false,
    };
    if (options.max < options.min)
      throw new ArgumentError(`max (${options.max}) is below min (${options.min})`);
    return (f) => f.finance.amount(options);
  }),
  'finance.transactionType': plain('faker.finance.transactionType()', (f) => f.finance.transactionType()),
  'finance.currencyCode': plain('faker.finance.currencyCode()', (f) => f.finance.currencyCode()),
  'finance.currencyName': plain('faker.finance.currencyName()', (f) => f.finance.currencyName()),
  'finance.currencySymbol': plain('faker.finance.currencySymbol()', (f) => f.finance.currencySymbol()),
  'finance.bitcoinAddress': plain('faker.finance.bitcoinAddress()', (f) => f.finance.bitcoinAddress()),
  'finance.litecoinAddress': plain('faker.finance.litecoinAddress()', (f) => f.finance.litecoinAddress()),
  'finance.ethereumAddress': plain('faker.finance.ethereumAddress()', (f) => f.finance.ethereumAddress()),
  'finance.creditCardNumber': withArgs('faker.finance.creditCardNumber(issuer)', ([issuer]) => {
    const name = stringArg(issuer, 'issuer');
    return (f) => f.finance.creditCardNumber(name);
  }),
  'finance.creditCardCVV': plain('faker.finance.creditCardCVV()', (f) => f.finance.creditCardCVV()),
  'finance.iban': withArgs('faker.finance.iban({ formatted })', ([formatted]) => {
    const options = { formatted: boolArg(formatted) ?? false };
    return (f) => f.finance.iban(options);
  }),
  'finance.bic': plain('faker.finance.bic()', (f) => f.finance.bic()),
  'finance.transactionDescription': plain('faker.finance.transactionDescription()', (f) =>
    f.finance.transactionDescription(),
  ),
};
