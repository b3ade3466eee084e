/**
 * The printable count sheet (配件盘点表, A4, PRT-4 / 000 七(二) 2): every line with an empty (or the
 * already entered) counted quantity and room for notes — never the book quantity, so a paper count
 * stays blind. The form stays in Chinese, as on paper; the toolbar follows the UI language.
 */
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import { QueryState } from '../../components/QueryState';
import { useT } from '../../lib/i18n';
import { PrintToolbar } from '../field/print-kit';
import { type StocktakeDetail, useStocktake } from './stocktake.api';

export function StocktakePrintPage() {
  const id = Number(useParams().id);
  const query = useStocktake(id);
  const t = useT();
  return (
    <QueryState query={query}>
      {(stocktake) => (
        <>
          <PrintToolbar backTo={`/stocktakes/${stocktake.id}`} label={t('stocktake.print')} />
          <div className="print-scroll">
            <CountSheet stocktake={stocktake} />
          </div>
        </>
      )}
    </QueryState>
  );
}

/** Room for parts found on the shelf that are not on the sheet. */
const blankRows = [1, 2, 3, 4, 5];

function CountSheet({ stocktake }: { stocktake: StocktakeDetail }) {
  return (
    <div className="print-sheet" data-testid="stocktake-print-sheet">
      <h1>配件盘点表</h1>
      <div className="print-meta">
        <span>
          仓库：{stocktake.warehouseName}（{stocktake.warehouseCode}）
        </span>
        <span>盘点单号：{stocktake.number}</span>
      </div>
      <div className="print-meta">
        <span>所属站点：{stocktake.stationName}</span>
        <span>开始时间：{dayjs(stocktake.startedAt).format('YYYY年M月D日 HH:mm')}</span>
      </div>
      <table className="print-table">
        <colgroup>
          <col style={{ width: '8%' }} />
          <col style={{ width: '18%' }} />
          <col style={{ width: '26%' }} />
          <col style={{ width: '8%' }} />
          <col style={{ width: '9%' }} />
          <col style={{ width: '12%' }} />
          <col style={{ width: '19%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>序号</th>
            <th>配件编码</th>
            <th>名称 / 规格</th>
            <th>单位</th>
            <th>类别</th>
            <th>实盘数量</th>
            <th>备注</th>
          </tr>
        </thead>
        <tbody>
          {stocktake.lines.map((line, index) => (
            <tr key={line.id}>
              <td>{index + 1}</td>
              <td>{line.partCode}</td>
              <td>
                {line.partName}
                {line.spec ? ` ${line.spec}` : ''}
              </td>
              <td>{line.unit}</td>
              <td>{line.condition === 'defective' ? '坏件' : '良品'}</td>
              <td>{line.state === 'counted' ? line.countedQuantity : line.state === 'skipped' ? '未盘' : ''}</td>
              <td />
            </tr>
          ))}
          {blankRows.map((row) => (
            <tr key={row} className="print-blank-row">
              <td>{stocktake.lines.length + row}</td>
              <td />
              <td />
              <td />
              <td />
              <td />
              <td />
            </tr>
          ))}
        </tbody>
      </table>
      <p>注：盘点人只填实盘数量；账面数量由站长在差异审核时查看。盘盈、盘亏须查明原因后处理。</p>
      <div className="print-sign-lines">
        <span>盘点人：</span>
        <span>复核人：</span>
        <span>日期：　　年　月　日</span>
      </div>
    </div>
  );
}
