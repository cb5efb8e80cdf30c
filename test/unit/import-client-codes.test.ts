import { clientCode, clientCodeBook } from '../../src/domain/import/client-codes';

describe('clientCode', () => {
  test('the initials rule gives up to four initials, a dash and four digits', () => {
    expect(clientCode('Ana Novak', 'initials', 'salt-1')).toMatch(/^AN-\d{4}$/);
    expect(clientCode('Fatima Zahra El Amrani Benali', 'initials', 'salt-1')).toMatch(/^FZEA-\d{4}$/);
    expect(clientCode('jean-pierre dupont', 'initials', 'salt-1')).toMatch(/^JPD-\d{4}$/);
  });

  test('the initials rule takes letters of any script', () => {
    expect(clientCode('Élodie Martin', 'initials', 'salt-1')).toMatch(/^ÉM-\d{4}$/);
    expect(clientCode('Дмитрий Иванов', 'initials', 'salt-1')).toMatch(/^ДИ-\d{4}$/);
    expect(clientCode('王小明', 'initials', 'salt-1')).toMatch(/^王-\d{4}$/);
  });

  test('a name without letters still gets a code', () => {
    expect(clientCode('123', 'initials', 'salt-1')).toMatch(/^C-\d{4}$/);
  });

  test('the hash rule gives C- and 8 hex digits that reveal nothing of the name', () => {
    const code = clientCode('Ana Novak', 'hash', 'salt-1');
    expect(code).toMatch(/^C-[0-9A-F]{8}$/);
    expect(code).not.toMatch(/AN/);
  });

  test.each(['initials', 'hash'] as const)('with the %s rule the same name gives the same code for the same salt, whatever its case and spacing', (rule) => {
    const code = clientCode('Ana Novak', rule, 'salt-1');
    expect(clientCode('Ana Novak', rule, 'salt-1')).toBe(code);
    expect(clientCode('  ana   NOVAK ', rule, 'salt-1')).toBe(code);
    expect(clientCode('Ａｎａ Novak', rule, 'salt-1')).toBe(code); // full-width letters fold under NFKC
  });

  test.each(['initials', 'hash'] as const)('with the %s rule another portfolio’s salt gives another code', (rule) => {
    const codes = new Set(['salt-1', 'salt-2', 'salt-3', 'salt-4'].map((salt) => clientCode('Ana Novak', rule, salt)));
    expect(codes.size).toBeGreaterThan(1);
  });

  test('refuses to work without a salt, so codes cannot be matched to names by hashing name lists', () => {
    expect(() => clientCode('Ana Novak', 'hash', '')).toThrow(/salt/);
  });
});

describe('clientCodeBook', () => {
  test('two different names that give one initials code are reported, not merged into one client', () => {
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let n = 0; !pair && n < 5000; n++) {
      const name = `Ana Novak ${n}`;
      const code = clientCode(name, 'initials', 'salt-1');
      if (seen.has(code)) pair = [seen.get(code)!, name];
      else seen.set(code, name);
    }
    expect(pair).toBeDefined();
    const codeOf = clientCodeBook('initials', 'salt-1');
    expect(codeOf(pair![0])).toMatch(/^AN-\d{4}$/);
    expect(codeOf(pair![0].toUpperCase())).toMatch(/^AN-\d{4}$/);
    expect(codeOf(pair![1])).toEqual({ error: expect.stringMatching(/Another client name in this file gives the same client code \(AN-\d{4}\).*“hash” rule/) });
  });
});
