/**
 * The one loading, error and empty state of every screen: a spinner with its reason while
 * loading; otherwise a heading, what happened, and a line saying what to do next.
 */
import { LightningElement, api } from 'lwc';

/** The states the panel shows. */
export type PanelState = 'loading' | 'error' | 'empty';

export default class StatePanel extends LightningElement {
  /** loading, error or empty. */
  @api state: PanelState = 'loading';
  /** Short heading ("The rating screen could not be loaded"); for loading, the spinner's text. */
  @api heading = '';
  /** What happened, in a sentence. */
  @api message = '';
  /** What the user can do next. */
  @api nextStep = '';

  get isLoading(): boolean {
    return this.state === 'loading';
  }

  get isError(): boolean {
    return this.state === 'error';
  }

  get loadingText(): string {
    return this.heading || 'Loading';
  }

  get boxClass(): string {
    return this.isError
      ? 'slds-box slds-theme_shade slds-border_left slds-text-color_error'
      : 'slds-box slds-theme_shade';
  }

  /** Errors are announced at once; empty states politely. */
  get role(): string {
    return this.isError ? 'alert' : 'status';
  }
}
