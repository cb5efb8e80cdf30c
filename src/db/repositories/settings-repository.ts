import type { Db } from '../knex';

/** Instance settings and their defaults; the database holds only what an admin changed. */
export interface Settings {
  registrationOpen: boolean;
  /** The criteria set new portfolios aim at and the dashboard shows by default. */
  defaultCriteriaSet: string;
}

const defaults: Settings = { registrationOpen: true, defaultCriteriaSet: 'emcc-eia' };

export const settingsRepository = {
  async get<K extends keyof Settings>(db: Db, key: K): Promise<Settings[K]> {
    const row: { value: Settings[K] } | undefined = await db('settings').select('value').where('key', key).first();
    return row ? row.value : defaults[key];
  },

  async set<K extends keyof Settings>(db: Db, key: K, value: Settings[K], at: Date): Promise<void> {
    await db('settings')
      .insert({ key, value: JSON.stringify(value), updated_at: at })
      .onConflict('key')
      .merge(['value', 'updated_at']);
  },
};
