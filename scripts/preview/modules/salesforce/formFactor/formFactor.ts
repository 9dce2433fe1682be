/**
 * Preview stand-in for `@salesforce/client/formFactor`: Small on a phone-wide window, as
 * Salesforce reports on a phone, so screens and base components take their phone layout.
 */
import { formFactorOf } from '../../preview/context/context';

export default formFactorOf(window.innerWidth);
