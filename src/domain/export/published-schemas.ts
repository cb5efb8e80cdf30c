import { portfolioExportSchema } from './export-schema';

/** The JSON Schemas published in schemas/, by file name. */
export const publishedSchemas = (): Record<string, object> => ({
  'portfolio-export.schema.json': portfolioExportSchema(),
});
