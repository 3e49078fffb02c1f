import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../libs/access/index.js';
import { CatalogueService, type Indicator } from '../../libs/catalogue/index.js';
import { ComparatorsService } from '../../libs/comparators/index.js';
import { createReturnsCatalogue, type ReturnsCatalogue } from '../factories/returns.factory.js';
import { createTestApi, TestApi } from './test-app.js';

// Public data (Open Government Licence) kept with the tests: test/fixtures/real/README.md.
const REAL = fileURLToPath(new URL('../fixtures/real', import.meta.url));
const FINGERTIPS = `${REAL}/fingertips_indicators-CountyUA.data.csv`;
const CLA = `${REAL}/dfe_ees_cla_number_and_rate_per_10k_children_2020_2024.csv`;
const KS4 = `${REAL}/dfe_ees_cin_cla_outcomes_ks4_la_2017_2022.csv`;
const FT_HEADER =
  'Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note';

describe(ComparatorsService.name, () => {
  let api: TestApi;
  let admin: string;
  let cat: ReturnsCatalogue;
  let campylobacter: Indicator;
  let attainment8: Indicator;
  let progress8: Indicator;

  beforeAll(async () => {
    api = await createTestApi();
    cat = await createReturnsCatalogue(api, 'R', 2024, 2024);
    admin = await api.signInAs('admin');
    const catalogue = api.get(CatalogueService);
    const base = {
      polarity: 'higher_is_better',
      frequency: 'annual',
      rollUp: 'latest',
      priorityId: cat.indicators.pct.priorityId,
    } as const;
    campylobacter = await catalogue.createIndicator(
      {
        ...base,
        code: 'HP-CAMPY',
        title: 'Campylobacter incidence per 100,000',
        unit: 'rate_per_100000',
        polarity: 'lower_is_better',
      },
      systemActor('test'),
    );
    attainment8 = await catalogue.createIndicator(
      { ...base, code: 'ED-CLA-ATT8', title: 'Attainment 8 of children looked after 12 months', unit: 'score' },
      systemActor('test'),
    );
    progress8 = await catalogue.createIndicator(
      {
        ...base,
        code: 'ED-CLA-P8',
        title: 'Progress 8 of children looked after 12 months',
        unit: 'score',
        decimalPlaces: 2,
      },
      systemActor('test'),
    );
  });
  afterAll(() => api.close());

  const count = async (table: string): Promise<number> =>
    Number((await api.dataSource.query(`SELECT count(*) FROM ${table}`))[0].count);
  const as = (request: ReturnType<ReturnType<TestApi['http']>['get']>) =>
    request.set('authorization', `Bearer ${admin}`);
  const importFile = (source: 'fingertips' | 'dfe', content: Buffer, fileName: string) =>
    as(api.http().post(`/api/comparators/${source}`)).attach('file', content, fileName);
  const values = async (query: Record<string, string>) =>
    (await as(api.http().get('/api/comparators/values').query(query)).expect(200)).body;

  describe('Fingertips', () => {
    it('refuses an export whose rows for one area and period differ only by age, and names the fix', async () => {
      await as(api.http().put('/api/comparators/mappings/fingertips'))
        .send({ indicator: campylobacter.code, fingertipsIndicatorId: 93356 })
        .expect(200);
      const areas = await count('area');
      const response = await importFile('fingertips', await readFile(FINGERTIPS), 'campylobacter.csv').expect(422);
      expect(response.body.code).toBe('COMPARATORS.REJECTED');
      expect(response.body.details[0].message).toMatch(
        /^repeats row \d+ \(the same indicator, area and period\); set the mapping's sex and age/,
      );
      expect(await count('area')).toBe(areas);
      expect(await count('comparator_value')).toBe(0);
    });

    it('imports the real export: 486 values for all ages, 161 new areas, breakdown rows skipped', async () => {
      await as(api.http().put('/api/comparators/mappings/fingertips'))
        .send({ indicator: campylobacter.code, fingertipsIndicatorId: 93356, sex: 'Persons', age: 'All ages' })
        .expect(200);
      const response = await importFile('fingertips', await readFile(FINGERTIPS), 'campylobacter.csv').expect(201);
      expect(response.body).toMatchObject({
        outcome: 'imported',
        valueCount: 486,
        areasCreated: 161,
        rowsSkipped: 366,
      });
    });

    it('keeps value, 95% limits, count and denominator for the home authority', async () => {
      expect(await values({ indicator: campylobacter.code, area: 'E10000019', period: '2015' })).toEqual([
        expect.objectContaining({
          areaName: 'Lincolnshire',
          period: { type: 'calendar_year', start: '2015-01-01', end: '2015-12-31', label: '2015' },
          value: 108.733277677099,
          lowerCi95: 101.332675301375,
          upperCi95: 116.531449479218,
          lowerCi998: null,
          upperCi998: null,
          count: 801,
          denominator: 736665,
          note: null,
        }),
      ]);
    });

    it('keeps a blank value with its value note, not as zero', async () => {
      const [scilly] = await values({ indicator: campylobacter.code, area: 'E06000053', period: '2015' });
      expect(scilly).toMatchObject({
        areaName: 'Isles of Scilly',
        value: null,
        note: 'Value for Cornwall & Isles of Scilly combined',
      });
    });

    it('creates unknown areas with their GSS code, kind and parent', async () => {
      const england = await values({ indicator: campylobacter.code, area: 'E92000001', period: '2017' });
      expect(england).toEqual([
        expect.objectContaining({ areaKind: 'country', value: 96.6109417215551, count: 53395 }),
      ]);
      const { items } = await api.get(CatalogueService).listAreas({}, 'Derby', { page: 1, pageSize: 10 });
      expect(items.find((a) => a.code === 'E06000015')).toMatchObject({
        name: 'Derby',
        kind: 'local_authority',
        parentCode: 'E12000004',
        isHome: false,
      });
      const [region] = await values({ indicator: campylobacter.code, area: 'E12000004', period: '2016' });
      expect(region).toMatchObject({ areaName: 'East Midlands region', areaKind: 'region' });
    });

    it('answers the same file again with already_imported and changes nothing', async () => {
      const before = {
        values: await count('comparator_value'),
        imports: await count('comparator_import'),
        audit: await count('audit_event'),
      };
      const response = await importFile('fingertips', await readFile(FINGERTIPS), 'again.csv').expect(200);
      expect(response.body).toMatchObject({ outcome: 'already_imported', valueCount: 486 });
      expect({
        values: await count('comparator_value'),
        imports: await count('comparator_import'),
        audit: await count('audit_event'),
      }).toEqual(before);
    });

    it('reads financial-year and multi-year period labels', async () => {
      const csv = [
        FT_HEADER,
        '93356,"Campylobacter",E12000004,East Midlands region,E10000019,Lincolnshire,County & UA,Persons,All ages,,,2015/16,10.5,,,,,,,',
        '93356,"Campylobacter",E12000004,East Midlands region,E10000019,Lincolnshire,County & UA,Persons,All ages,,,2014 - 16,11.5,9,14,,,30,260000,',
      ].join('\r\n');
      await importFile('fingertips', Buffer.from(csv), 'periods.csv').expect(201);
      const rows = await values({ indicator: campylobacter.code, area: 'E10000019' });
      expect(
        rows.map((r: { period: { type: string; label: string }; value: number }) => [
          r.period.type,
          r.period.label,
          r.value,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['financial_year', '2015-16', 10.5],
          ['span', '2014 - 16', 11.5],
        ]),
      );
    });

    it('imports nothing from a file with one bad number, and names its cell', async () => {
      const areas = await count('area');
      const before = await count('comparator_value');
      const csv = [
        FT_HEADER,
        '93356,"Campylobacter",E12000001,North East region,E06000099,New Town,County & UA,Persons,All ages,,,2018,12,,,,,,,',
        '93356,"Campylobacter",E12000001,North East region,E06000098,Old Town,County & UA,Persons,All ages,,,2018,twelve,,,,,,,',
      ].join('\n');
      const response = await importFile('fingertips', Buffer.from(csv), 'bad.csv').expect(422);
      expect(response.body.details).toEqual([{ location: 'bad.csv!M3', message: "'twelve' is not a number" }]);
      expect(await count('area')).toBe(areas);
      expect(await count('comparator_value')).toBe(before);
    });
  });

  describe('DfE Explore Education Statistics', () => {
    it('imports children looked after per 10,000 with count and population, reading reporting years as financial years', async () => {
      await as(api.http().put('/api/comparators/mappings/dfe'))
        .send({
          indicator: cat.indicators.rate.code,
          measureColumn: 'rate_per_10000',
          filters: { population_count: 'Children looked after at 31 March each year' },
          countColumn: 'number',
          denominatorColumn: 'population_estimate',
        })
        .expect(200);
      const response = await importFile('dfe', await readFile(CLA), 'cla.csv').expect(201);
      expect(response.body).toMatchObject({ outcome: 'imported', valueCount: 835, rowsSkipped: 1670 });
      expect(await values({ indicator: cat.indicators.rate.code, area: 'E10000019', period: '2023-24' })).toEqual([
        expect.objectContaining({
          period: expect.objectContaining({ type: 'financial_year', start: '2023-04-01' }),
          value: 51,
          count: 754,
          denominator: 147250,
        }),
      ]);
      expect(await values({ indicator: cat.indicators.rate.code, area: 'E92000001', period: '2023-24' })).toEqual([
        expect.objectContaining({ areaKind: 'country', value: 70, count: 83630, denominator: 11998646 }),
      ]);
    });

    it("stores DfE's c and z as suppressed markers, not as numbers", async () => {
      const [scilly] = await values({ indicator: cat.indicators.rate.code, area: 'E06000053', period: '2019-20' });
      expect(scilly).toMatchObject({ value: null, count: null, suppressionMarker: 'c' });
      const [cumberland] = await values({ indicator: cat.indicators.rate.code, area: 'E06000063', period: '2022-23' });
      expect(cumberland).toMatchObject({ value: null, suppressionMarker: 'z', note: 'not applicable' });
      const [later] = await values({ indicator: cat.indicators.rate.code, area: 'E06000063', period: '2023-24' });
      expect(later).toMatchObject({ value: 93, count: 482 });
    });

    it('imports two measures of one KS4 file with their confidence limits, academic years from 201617-style codes', async () => {
      const cla12 = { social_care_group: 'CLA 12 months at 31 March' };
      await as(api.http().put('/api/comparators/mappings/dfe'))
        .send({ indicator: attainment8.code, measureColumn: 'avg_att8', filters: cla12, countColumn: 't_pupils' })
        .expect(200);
      await as(api.http().put('/api/comparators/mappings/dfe'))
        .send({
          indicator: progress8.code,
          measureColumn: 'avg_p8score',
          filters: cla12,
          lowerCiColumn: 'p8score_CI_low',
          upperCiColumn: 'p8score_CI_upp',
        })
        .expect(200);
      const response = await importFile('dfe', await readFile(KS4), 'ks4.csv').expect(201);
      expect(response.body).toMatchObject({ valueCount: 2 * 982 });
      expect(await values({ indicator: attainment8.code, area: 'E10000019', period: '2021/22 academic year' })).toEqual(
        [
          expect.objectContaining({
            period: expect.objectContaining({ type: 'academic_year', start: '2021-09-01' }),
            value: 15.3,
          }),
        ],
      );
      expect(await values({ indicator: attainment8.code, area: 'E10000019', period: '2018/19 academic year' })).toEqual(
        [expect.objectContaining({ value: null, suppressionMarker: 'c' })],
      );
      expect(await values({ indicator: progress8.code, area: 'E92000001', period: '2021/22 academic year' })).toEqual([
        expect.objectContaining({ value: -1.3, lowerCi95: -1.34, upperCi95: -1.26 }),
      ]);
    });

    it('refuses a file with a mapped measure but without the columns its mapping filters and counts by', async () => {
      const csv =
        'time_period,time_identifier,geographic_level,country_code,country_name,rate_per_10000\n2024,Reporting year,National,E92000001,England,70\n';
      const response = await importFile('dfe', Buffer.from(csv), 'thin.csv').expect(422);
      expect(response.body.details).toEqual([
        {
          location: 'thin.csv',
          message: `has no column 'population_count', 'number', 'population_estimate', which the mapping of ${cat.indicators.rate.code} names`,
        },
      ]);
    });

    it('refuses a file with none of the mapped measures', async () => {
      const response = await importFile(
        'dfe',
        Buffer.from('time_period,time_identifier,geographic_level\n2024,Reporting year,National\n'),
        'other.csv',
      ).expect(422);
      expect(response.body.details).toEqual([
        {
          location: 'other.csv',
          message: "has none of the mapped measure columns ('avg_att8', 'avg_p8score', 'rate_per_10000')",
        },
      ]);
    });
  });

  it('lists the mappings', async () => {
    const response = await as(api.http().get('/api/comparators/mappings')).expect(200);
    expect(
      response.body.map((m: { indicatorCode: string; source: string }) => `${m.indicatorCode}:${m.source}`).sort(),
    ).toEqual(
      [
        `${campylobacter.code}:fingertips`,
        `${cat.indicators.rate.code}:dfe_ees`,
        `${attainment8.code}:dfe_ees`,
        `${progress8.code}:dfe_ees`,
      ].sort(),
    );
  });
});
