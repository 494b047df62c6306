import { usePrint } from '../../app/usePrint';
import './report-print.css';

/** print() of a report page: its `.report` block alone, laid out by report-print.css and the page's own print rules. */
export const usePrintReport = () => usePrint('printing-report');
