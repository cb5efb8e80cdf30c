import { fileSizeText } from '../../src/presenters/file-size';

describe('fileSizeText', () => {
  test.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [512, '512 bytes'],
    [1023, '1023 bytes'],
    [1024, '1.0 KB'],
    [12_595, '12.3 KB'],
    [10_485, '10.2 KB'],
    [1_048_524, '1023.9 KB'],
    [1_048_550, '1.0 MB'],
    [1_048_576, '1.0 MB'],
    [4_299_162, '4.1 MB'],
    [50 * 1024 * 1024, '50.0 MB'],
    [1024 ** 3, '1.0 GB'],
    [3 * 1024 ** 4, '3072.0 GB'],
  ])('%d bytes read "%s"', (bytes, text) => {
    expect(fileSizeText(bytes)).toBe(text);
  });
});
