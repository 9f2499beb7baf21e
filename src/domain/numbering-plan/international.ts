// The countries outside NANP in the simulated plan, as data (country-ranges.ts builds their ranges).
// Each range is one libphonenumber takes as the country's and the type's (checked when built, and for every
// range in the tests). Prices are monthly USD, of the order carriers charge; address requirements follow
// the countries' rules as Twilio applies them (Germany, France, Spain and the Netherlands want a local
// address for a geographic number). The UK list leaves out Ofcom's drama ranges (TV and film numbers).
import { countrySource, type Area, type CountrySpec, type Terms } from './country-ranges.ts';
import { SMS_ONLY, VOICE_ONLY, VOICE_SMS, type RangeSource } from './ranges.ts';

const terms = (capabilities: Terms['capabilities'], addressRequirements: Terms['addressRequirements'], monthlyPrice: string): Terms =>
  ({ capabilities, addressRequirements, monthlyPrice });

const city = (name: string, region: string, code: string, exchangeDigits: number, leading: string): Area =>
  ({ name, region, code, exchangeDigits, leading });

const GB: CountrySpec = {
  isoCountry: 'GB',
  countryCode: '44',
  areas: [
    city('London', 'England', '20', 4, '378'), city('Birmingham', 'England', '121', 3, '2345'),
    city('Manchester', 'England', '161', 3, '2345'), city('Leeds', 'England', '113', 3, '2345'),
    city('Bristol', 'England', '117', 3, '2345'), city('Liverpool', 'England', '151', 3, '2345'),
    city('Sheffield', 'England', '114', 3, '2345'), city('Nottingham', 'England', '115', 3, '2345'),
    city('Newcastle upon Tyne', 'England', '191', 3, '2345'), city('Edinburgh', 'Scotland', '131', 3, '2345'),
    city('Glasgow', 'Scotland', '141', 3, '2345'), city('Cardiff', 'Wales', '29', 4, '2'),
    city('Belfast', 'Northern Ireland', '28', 4, '9'),
  ],
  local: terms(VOICE_ONLY, 'any', '1.15'),
  blocks: [
    // 07: 071-075 and 077-079 (076 is pagers, 07624 the Isle of Man's, both rejected by libphonenumber).
    { type: 'mobile', heads: ['71', '72', '73', '74', '75', '77', '78', '79'], prefixDigits: 6, count: 160, ...terms(VOICE_SMS, 'any', '1.15') },
    { type: 'toll-free', heads: ['800', '808'], prefixDigits: 6, count: 24, ...terms(VOICE_ONLY, 'any', '2.15') },
    // 03: non-geographic, charged as a geographic call.
    { type: 'national', heads: ['30', '33', '34', '37'], prefixDigits: 6, count: 40, ...terms(VOICE_ONLY, 'any', '1.15') },
    { type: 'shared-cost', heads: ['843', '844', '845'], prefixDigits: 6, count: 12, ...terms(VOICE_ONLY, 'any', '1.15') },
    { type: 'voip', heads: ['56'], prefixDigits: 6, count: 12, ...terms(VOICE_ONLY, 'any', '1.15') },
  ],
  excluded: [
    '207946', '113496', '114496', '115496', '117496', '121496', '131496', '141496', '151496', '161496', '191498',
    '289649', '292018', '770090', '808157', '306999',
  ],
};

const DE: CountrySpec = {
  isoCountry: 'DE',
  countryCode: '49',
  areas: [
    city('Berlin', 'Berlin', '30', 4, '2345678'), city('Hamburg', 'Hamburg', '40', 4, '2345678'),
    city('Munich', 'Bavaria', '89', 4, '2345678'), city('Frankfurt am Main', 'Hesse', '69', 4, '2345678'),
    city('Cologne', 'North Rhine-Westphalia', '221', 4, '2345678'), city('Düsseldorf', 'North Rhine-Westphalia', '211', 4, '2345678'),
    city('Stuttgart', 'Baden-Württemberg', '711', 4, '2345678'),
  ],
  local: terms(VOICE_ONLY, 'local', '1.15'),
  blocks: [
    { type: 'mobile', heads: ['151', '152', '157', '160', '162', '163', '170', '171', '172', '173', '174', '175', '176', '177', '178', '179'], prefixDigits: 7, count: 60, ...terms(VOICE_SMS, 'any', '3.00') },
    { type: 'toll-free', heads: ['800'], prefixDigits: 6, count: 12, ...terms(VOICE_ONLY, 'any', '2.15') },
    // 032: national subscriber numbers, reachable at a geographic rate from anywhere in Germany.
    { type: 'national', heads: ['32'], prefixDigits: 7, count: 12, ...terms(VOICE_ONLY, 'local', '1.15') },
    // 0180: the "Service-Dienste" the caller and the holder pay a share of.
    { type: 'shared-cost', heads: ['1801', '1802', '1803', '1804', '1805', '1806', '1807'], prefixDigits: 7, count: 12, ...terms(VOICE_ONLY, 'any', '2.15') },
  ],
  excluded: [],
};

const FR: CountrySpec = {
  isoCountry: 'FR',
  countryCode: '33',
  areas: [
    city('Paris', 'Île-de-France', '1', 4, '2345678'), city('Lyon', 'Auvergne-Rhône-Alpes', '472', 2, '0123456789'),
    city('Marseille', "Provence-Alpes-Côte d'Azur", '491', 2, '0123456789'), city('Nice', "Provence-Alpes-Côte d'Azur", '493', 2, '0123456789'),
    city('Toulouse', 'Occitanie', '561', 2, '0123456789'), city('Bordeaux', 'Nouvelle-Aquitaine', '556', 2, '0123456789'),
    city('Lille', 'Hauts-de-France', '320', 2, '0123456789'), city('Nantes', 'Pays de la Loire', '240', 2, '0123456789'),
    city('Strasbourg', 'Grand Est', '388', 2, '0123456789'),
  ],
  local: terms(VOICE_ONLY, 'local', '1.15'),
  blocks: [
    { type: 'mobile', heads: ['6', '7'], prefixDigits: 5, count: 40, ...terms(VOICE_SMS, 'any', '3.00') },
    { type: 'toll-free', heads: ['800', '801', '802', '803', '804', '805'], prefixDigits: 5, count: 12, ...terms(VOICE_ONLY, 'any', '2.15') },
    { type: 'shared-cost', heads: ['810', '811', '820', '821', '825', '826'], prefixDigits: 5, count: 12, ...terms(VOICE_ONLY, 'any', '2.15') },
    // 09: non-geographic numbers of VoIP and box operators.
    { type: 'voip', heads: ['9'], prefixDigits: 5, count: 20, ...terms(VOICE_ONLY, 'any', '1.15') },
  ],
  excluded: [],
};

const NL: CountrySpec = {
  isoCountry: 'NL',
  countryCode: '31',
  areas: [
    city('Amsterdam', 'North Holland', '20', 3, '2345678'), city('Rotterdam', 'South Holland', '10', 3, '2345678'),
    city('The Hague', 'South Holland', '70', 3, '2345678'), city('Utrecht', 'Utrecht', '30', 3, '2345678'),
    city('Eindhoven', 'North Brabant', '40', 3, '2345678'),
  ],
  local: terms(VOICE_ONLY, 'local', '1.15'),
  blocks: [
    { type: 'mobile', heads: ['6'], prefixDigits: 5, count: 40, ...terms(VOICE_SMS, 'any', '4.25') },
    { type: 'toll-free', heads: ['800'], prefixDigits: 6, count: 12, ...terms(VOICE_ONLY, 'any', '2.15') },
    // 088: company numbers, one for a whole organisation wherever it is.
    { type: 'national', heads: ['88'], prefixDigits: 5, count: 12, ...terms(VOICE_ONLY, 'any', '1.15') },
    { type: 'voip', heads: ['85', '91'], prefixDigits: 5, count: 12, ...terms(VOICE_ONLY, 'any', '1.15') },
    // 097: 11-digit numbers for machines (IoT SIMs), new on the platform, so offered as beta.
    { type: 'machine-to-machine', heads: ['970'], prefixDigits: 7, count: 12, ...terms(SMS_ONLY, 'any', '1.00'), beta: true },
  ],
  excluded: [],
};

const ES: CountrySpec = {
  isoCountry: 'ES',
  countryCode: '34',
  areas: [
    city('Madrid', 'Community of Madrid', '91', 3, '1234567'), city('Barcelona', 'Catalonia', '93', 3, '1234567'),
    city('Valencia', 'Valencian Community', '96', 3, '1234567'), city('Seville', 'Andalusia', '954', 2, '0123456789'),
    city('Bilbao', 'Basque Country', '944', 2, '0123456789'),
  ],
  local: terms(VOICE_ONLY, 'local', '1.15'),
  blocks: [
    { type: 'mobile', heads: ['6', '7'], prefixDigits: 5, count: 40, ...terms(VOICE_SMS, 'any', '3.00') },
    { type: 'toll-free', heads: ['900', '800'], prefixDigits: 5, count: 12, ...terms(VOICE_ONLY, 'any', '2.15') },
    { type: 'shared-cost', heads: ['901', '902'], prefixDigits: 5, count: 12, ...terms(VOICE_ONLY, 'any', '2.15') },
  ],
  excluded: [],
};

const AU: CountrySpec = {
  isoCountry: 'AU',
  countryCode: '61',
  areas: [
    city('Sydney', 'New South Wales', '2', 4, '89'), city('Melbourne', 'Victoria', '3', 4, '89'),
    city('Brisbane', 'Queensland', '7', 4, '3'), city('Perth', 'Western Australia', '8', 4, '69'),
    city('Adelaide', 'South Australia', '8', 4, '8'),
  ],
  local: terms(VOICE_ONLY, 'any', '3.00'),
  blocks: [
    { type: 'mobile', heads: ['4'], prefixDigits: 5, count: 40, ...terms(VOICE_SMS, 'any', '6.50') },
    { type: 'toll-free', heads: ['1800'], prefixDigits: 6, count: 12, ...terms(VOICE_ONLY, 'any', '16.00') },
    // 1300: "local rate" numbers: the caller pays a local call, the holder the rest.
    { type: 'shared-cost', heads: ['1300'], prefixDigits: 6, count: 12, ...terms(VOICE_ONLY, 'any', '16.00') },
  ],
  excluded: [],
};

export const INTERNATIONAL_SOURCES: readonly RangeSource[] = [GB, DE, FR, NL, ES, AU].map(countrySource);
