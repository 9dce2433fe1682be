/** Modules the preview build generates from the package's metadata (see scripts/preview/build.ts). */
declare module 'preview/site' {
  const site: import('../../site').Site;
  export default site;
}

declare module 'preview/registry' {
  /** Every exposed bundle's constructor, by its FlexiPage name (`c:modelOverview`). */
  const registry: Record<string, typeof import('lwc').LightningElement>;
  export default registry;
}
