/** Brings in the base component and @salesforce/* module types that Salesforce publishes. */
import '@salesforce/lightning-types';
