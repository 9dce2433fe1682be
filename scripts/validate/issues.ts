/** The one shape every validation check reports in: the file, the element, what is wrong. */
export interface Issue {
  /** Path relative to the project root. */
  file: string;
  /** The element or reference at fault, e.g. `<fieldPermissions><field>Assessment__c.Foo__c`. */
  element: string;
  message: string;
}

/** Formats an issue as one line a person can act on. */
export function formatIssue(issue: Issue): string {
  return `${issue.file}: ${issue.element}: ${issue.message}`;
}
