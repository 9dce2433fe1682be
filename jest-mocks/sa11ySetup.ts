/**
 * Registers the `toBeAccessible()` matcher of @sa11y/jest for the component tests, so every
 * component state can be checked with axe-core's WCAG rules in jsdom.
 */
import { registerSa11yMatcher } from '@sa11y/jest';

registerSa11yMatcher();
