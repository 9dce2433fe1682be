/**
 * Lays out one FlexiPage from its XML: the template's columns, each region's components in
 * order, and the record context (recordId, objectApiName) on record pages.
 */
import { LightningElement, api } from 'lwc';
import { layout } from './templates';
import type { ComponentInstance, FlexiPageModel } from '../../../site';

export default class Flexipage extends LightningElement {
  @api page: FlexiPageModel | undefined;
  @api recordId: string | undefined;
  @api objectApiName: string | undefined;

  get pageTitle(): string {
    return this.page?.label ?? '';
  }

  get isAppPage(): boolean {
    return this.page?.type !== 'RecordPage';
  }

  get unknownTemplate(): boolean {
    return this.laidOut.unknownTemplate;
  }

  private get laidOut(): ReturnType<typeof layout> {
    const regions = (this.page?.regions ?? []).filter((r) => r.type === 'Region');
    return layout(
      this.page?.template ?? '',
      regions.map((r) => r.name)
    );
  }

  get rows(): {
    key: string;
    columns: { key: string; className: string; items: (ComponentInstance & { key: string })[] }[];
  }[] {
    const byName = new Map((this.page?.regions ?? []).map((r) => [r.name, r]));
    return this.laidOut.rows.map((row) => ({
      key: row.key,
      columns: row.columns.map((column) => ({
        key: column.key,
        className: column.className,
        items: column.regions.flatMap((name) =>
          (byName.get(name)?.components ?? []).map((c) => ({ ...c, key: `${name}/${c.identifier}` }))
        )
      }))
    }));
  }
}
