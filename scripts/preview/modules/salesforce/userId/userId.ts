/** Preview stand-in for `@salesforce/user/Id`: the id of the persona the page was opened as. */
import { previewContext } from '../../preview/context/context';

export default previewContext().userId;
