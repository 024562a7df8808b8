// Options page entry: sign-in, account and connection state, preferences. Logic lives in src/options.
import { OptionsPage } from "~src/options/OptionsPage";
import "~src/options/options.css";

export default OptionsPage;
