import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService, systemActor } from '../../libs/access/index.js';
import { CatalogueService } from '../../libs/catalogue/index.js';
import {
  createUserFromOptions,
  parseUserCreateArgs,
  passwordFromInput,
  UsageError,
  UserCreateDependencies,
  UserCreateError,
} from '../../scripts/user-create-command.js';
import { createTestApi, TestApi } from './test-app.js';

describe(parseUserCreateArgs.name, () => {
  const sut = parseUserCreateArgs;

  it('reads email, role, name and repeated groups', () => {
    expect(
      sut([
        '--email',
        'Officer@Council.gov.uk',
        '--role',
        'data_officer',
        '--name',
        'Data Officer',
        '--group',
        'EWB',
        '--group',
        'LSCP',
      ]),
    ).toEqual({
      email: 'officer@council.gov.uk',
      role: 'data_officer',
      displayName: 'Data Officer',
      groupCodes: ['EWB', 'LSCP'],
      passwordFromStdin: false,
    });
  });

  it('names the roles when the role is not one of them', () => {
    expect(() => sut(['--email', 'a@b.co', '--role', 'superuser'])).toThrow(
      new UsageError(
        "'superuser' is not a role. Choose one of: admin, data_officer, executive_member, board_member, hwb_member, viewer.",
      ),
    );
  });

  it('refuses a data officer without a group and groups for other roles', () => {
    expect(() => sut(['--email', 'a@b.co', '--role', 'data_officer'])).toThrow(UsageError);
    expect(() => sut(['--email', 'a@b.co', '--role', 'viewer', '--group', 'EWB'])).toThrow(UsageError);
  });

  it('refuses a missing or malformed email and unknown options', () => {
    expect(() => sut(['--role', 'admin'])).toThrow(UsageError);
    expect(() => sut(['--email', 'not-an-email', '--role', 'admin'])).toThrow(UsageError);
    expect(() => sut(['--email', 'a@b.co', '--role', 'admin', '--password', 'x'])).toThrow(UsageError);
  });
});

describe(passwordFromInput.name, () => {
  it('drops one trailing newline and refuses empty or multi-line input', () => {
    expect(passwordFromInput('a long password here\n')).toBe('a long password here');
    expect(() => passwordFromInput('\n')).toThrow(UsageError);
    expect(() => passwordFromInput('one\ntwo\n')).toThrow(UsageError);
  });
});

describe(createUserFromOptions.name, () => {
  let api: TestApi;
  let deps: UserCreateDependencies;
  const sut = createUserFromOptions;

  beforeAll(async () => {
    api = await createTestApi();
    deps = { access: api.get(AccessService), catalogue: api.get(CatalogueService) };
    await deps.catalogue.createGroup(
      { code: 'EWB', name: 'Emotional Wellbeing Group', kind: 'lead_group' },
      systemActor('test'),
    );
  });
  afterAll(() => api.close());

  it('generates a strong password, returns it once, and the user can sign in with it', async () => {
    const created = await sut(parseUserCreateArgs(['--email', 'lead@council.gov.uk', '--role', 'admin']), null, deps);
    expect(created.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await api
      .http()
      .post('/api/auth/sign-in')
      .send({ email: 'lead@council.gov.uk', password: created.generatedPassword })
      .expect(200);
  });

  it('uses a supplied password and scopes a data officer to groups given in any case', async () => {
    const created = await sut(
      parseUserCreateArgs(['--email', 'officer@council.gov.uk', '--role', 'data_officer', '--group', 'ewb']),
      'a supplied password',
      deps,
    );
    expect(created).toMatchObject({ generatedPassword: null, groupCodes: ['EWB'], user: { role: 'data_officer' } });
    expect(created.user.groupIds).toHaveLength(1);
  });

  it('says which group codes are unknown', async () => {
    const options = parseUserCreateArgs(['--email', 'x@council.gov.uk', '--role', 'data_officer', '--group', 'NOPE']);
    await expect(sut(options, null, deps)).rejects.toThrow(
      new UserCreateError("Unknown group code 'NOPE'. Known codes: EWB."),
    );
  });

  it('says when the email is already taken', async () => {
    const options = parseUserCreateArgs(['--email', 'twice@council.gov.uk', '--role', 'viewer']);
    await sut(options, null, deps);
    await expect(sut(options, null, deps)).rejects.toThrow(
      new UserCreateError('A user with the email twice@council.gov.uk already exists.'),
    );
  });

  it('refuses a supplied password that is too short', async () => {
    const options = parseUserCreateArgs(['--email', 'short@council.gov.uk', '--role', 'viewer']);
    await expect(sut(options, 'short', deps)).rejects.toThrow(UserCreateError);
  });
});
