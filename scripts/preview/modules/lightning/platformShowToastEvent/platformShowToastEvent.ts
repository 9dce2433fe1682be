/**
 * Preview stand-in for `lightning/platformShowToastEvent`: the event a component dispatches to
 * ask the platform for a toast. The preview's shell catches it and shows an SLDS toast.
 */

/** What a component asks to show. */
export interface ToastInit {
  title: string;
  message?: string;
  messageData?: (string | { url: string; label: string })[];
  variant?: 'info' | 'success' | 'warning' | 'error';
  mode?: 'dismissible' | 'pester' | 'sticky';
}

/** The platform's toast event: bubbles and crosses shadow boundaries up to the app. */
export class ShowToastEvent extends CustomEvent<ToastInit> {
  constructor(init: ToastInit) {
    super('lightning__showtoast', { bubbles: true, composed: true, cancelable: true, detail: init });
  }
}
