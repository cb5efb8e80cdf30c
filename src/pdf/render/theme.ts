import path from 'node:path';

/** Noto Sans (SIL Open Font License) from npm: Latin with every European diacritic, Greek and Cyrillic. */
const fontDir = path.dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));
export const FONTS = {
  regular: path.join(fontDir, '400Regular', 'NotoSans_400Regular.ttf'),
  bold: path.join(fontDir, '700Bold', 'NotoSans_700Bold.ttf'),
  italic: path.join(fontDir, '400Regular_Italic', 'NotoSans_400Regular_Italic.ttf'),
} as const;

/** The app's colours (public/css/app.css), all at least 4.5:1 on white for text. */
export const COLOURS = {
  ink: '#1c2530',
  muted: '#4d5a67',
  line: '#d5dbe1',
  panel: '#f5f7f9',
  accent: '#1f5f8b',
  ok: '#1d6b3a',
  bad: '#b3261e',
  watermark: '#9aa5b1',
} as const;

export const SIZES = {
  title: 20,
  h1: 16,
  h2: 11,
  body: 9.5,
  small: 8.5,
  table: 8,
  frame: 7.5,
} as const;

/** A4 in points, with room above and below for the running header and footer. */
export const PAGE = {
  size: 'A4' as const,
  margins: { top: 64, bottom: 58, left: 50, right: 50 },
  headerY: 28,
  footerOffset: 38,
} as const;
