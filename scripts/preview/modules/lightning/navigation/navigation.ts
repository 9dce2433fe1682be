/**
 * Preview stand-in for `lightning/navigation` (which re-exports `force/navigation`, not on npm):
 * NavigationMixin's Navigate and GenerateUrl, and the CurrentPageReference wire, all moving
 * within the preview's app through its router.
 */
import { currentPageRef, navigate, subscribe } from '../../preview/router/router';
import { urlFor, type PageRef } from '../../preview/routes/routes';

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

// A mixin base must accept any constructor arguments (TypeScript requires any[] here).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor<T = object> = new (...args: any[]) => T;

/** Gives a component `this[NavigationMixin.Navigate](ref)` and `this[NavigationMixin.GenerateUrl](ref)`. */
function mixin<T extends Constructor>(Base: T): T {
  return class extends Base {
    [Navigate](ref: PageRef, replace?: boolean): void {
      navigate(ref, replace === true);
    }

    [GenerateUrl](ref: PageRef): Promise<string> {
      try {
        return Promise.resolve(urlFor(ref));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  };
}

export const NavigationMixin = Object.assign(mixin, { Navigate, GenerateUrl });

type WireCallback = (value: PageRef | undefined) => void;

/** The CurrentPageReference wire adapter: provisions the page reference now and after each move. */
export class CurrentPageReference {
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly callback: WireCallback) {}

  update(): void {}

  connect(): void {
    this.callback(currentPageRef());
    this.unsubscribe = subscribe((ref) => this.callback(ref));
  }

  disconnect(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
