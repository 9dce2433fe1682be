/**
 * The FlexiPage templates the preview can lay out: for each, rows of columns (an SLDS grid) and
 * the regions stacked in each column, as Lightning App Builder places them on a desktop; on a
 * phone every column takes the full width.
 */

/** One column: its width on a large screen (in twelfths) and the regions it stacks. */
export interface Column {
  size: number;
  regions: string[];
}

/** The layout of every known template, by template name. */
export const TEMPLATES: Record<string, Column[][]> = {
  'flexipage:recordHomeTemplateDesktop': [
    [{ size: 12, regions: ['header'] }],
    [
      { size: 8, regions: ['main'] },
      { size: 4, regions: ['sidebar'] }
    ]
  ],
  'flexipage:recordHomeSingleColTemplateDesktop': [[{ size: 12, regions: ['header', 'main'] }]],
  'flexipage:recordHomeSimpleViewTemplate': [[{ size: 12, regions: ['header', 'main'] }]],
  'flexipage:defaultAppHomeTemplate': [[{ size: 12, regions: ['main'] }]],
  'flexipage:appHomeTemplateHeaderTwoColumnsLeftSidebar': [
    [{ size: 12, regions: ['header'] }],
    [
      { size: 4, regions: ['sidebar'] },
      { size: 8, regions: ['main'] }
    ]
  ],
  'flexipage:appHomeTemplateTwoColumns': [
    [
      { size: 6, regions: ['left'] },
      { size: 6, regions: ['right'] }
    ]
  ],
  'flexipage:appHomeTemplateThreeColumns': [
    [
      { size: 4, regions: ['left'] },
      { size: 4, regions: ['center'] },
      { size: 4, regions: ['right'] }
    ]
  ],
  'home:desktopTemplate': [
    [
      { size: 8, regions: ['top', 'bottomLeft', 'bottomRight'] },
      { size: 4, regions: ['sidebar'] }
    ]
  ]
};

/** A laid-out row: columns with their SLDS classes and the region names they hold. */
export interface LaidOutRow {
  key: string;
  columns: { key: string; className: string; regions: string[] }[];
}

/**
 * Lays a page's regions out in its template. Regions the template does not name are added in
 * full-width rows at the end, and `unknownTemplate` says when the template itself is not known.
 */
export function layout(
  template: string,
  regionNames: string[]
): { rows: LaidOutRow[]; unknownTemplate: boolean } {
  const known = TEMPLATES[template];
  const rows: LaidOutRow[] = (known ?? []).map((row, r) => ({
    key: `r${r}`,
    columns: row.map((column, c) => ({
      key: `r${r}c${c}`,
      className: `slds-col slds-size_1-of-1 slds-large-size_${column.size}-of-12`,
      regions: column.regions.filter((name) => regionNames.includes(name))
    }))
  }));
  const placed = new Set((known ?? []).flat().flatMap((c) => c.regions));
  regionNames
    .filter((name) => !placed.has(name))
    .forEach((name, i) =>
      rows.push({
        key: `x${i}`,
        columns: [{ key: `x${i}c0`, className: 'slds-col slds-size_1-of-1', regions: [name] }]
      })
    );
  return { rows: rows.filter((row) => row.columns.some((c) => c.regions.length)), unknownTemplate: !known };
}
