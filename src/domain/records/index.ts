import type { RecordDefinition, RecordType } from './record-definition';
import { practiceDefinition } from './practice';
import { supervisionDefinition } from './supervision';
import { cpdDefinition } from './cpd';
import { contributionDefinition } from './contribution';
import { feedbackDefinition } from './feedback';
import { reflectionDefinition } from './reflection';
import { supervisionPracticeDefinition } from './supervision-practice';

/** Every record type, in the order of the navigation and of EMCC's templates. */
export const RECORD_DEFINITIONS: readonly RecordDefinition[] = [practiceDefinition, supervisionDefinition, cpdDefinition, contributionDefinition, feedbackDefinition, reflectionDefinition, supervisionPracticeDefinition];

const byType = new Map(RECORD_DEFINITIONS.map((definition) => [definition.type, definition]));

export function definitionOf(type: RecordType): RecordDefinition {
  return byType.get(type)!;
}

export * from './record-definition';
