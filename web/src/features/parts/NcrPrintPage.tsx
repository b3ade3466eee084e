/**
 * 不合格品报告处理单 (nonconformance report, PRT-6 [001 4.5.3]) on A4: the faulty part, where it
 * came from, the defect, cause, disposition and responsibility, with signature lines. The form
 * stays in Chinese as on paper; the toolbar follows the UI language. Reuses the print styles of
 * the field forms.
 */
import { useParams } from 'react-router';
import type { FaultyReturn } from '../../../../server/modules/parts/part-requests.contract';
import { QueryState } from '../../components/QueryState';
import { fenToYuanString } from '../../lib/format';
import { Choice, PrintToolbar, printMinute } from '../field/print-kit';
import { useFaultyReturn } from './part-requests.api';

export function NcrPrintPage() {
  const query = useFaultyReturn(Number(useParams().id));
  return (
    <QueryState query={query}>
      {(row) => (
        <>
          <PrintToolbar />
          <div className="print-scroll">
            <NcrSheet row={row} />
          </div>
        </>
      )}
    </QueryState>
  );
}

function NcrSheet({ row }: { row: FaultyReturn }) {
  return (
    <div className="print-sheet" data-testid="print-ncr-sheet">
      <h1>不合格品报告处理单</h1>
      <div className="print-meta">
        <span>单位：{row.stationName}</span>
        <span>工单号：{row.ticketNumber}</span>
        <span data-testid="print-ncr-number">编号：{row.ncrNumber ?? ''}</span>
      </div>
      <table className="print-table">
        <colgroup>
          <col style={{ width: '28mm' }} />
          <col />
          <col style={{ width: '26mm' }} />
          <col />
        </colgroup>
        <tbody>
          <tr>
            <th>配件编码</th>
            <td>{row.partCode}</td>
            <th>配件名称</th>
            <td>
              {row.partName}
              {row.partSpec ? `（${row.partSpec}）` : ''}
            </td>
          </tr>
          <tr>
            <th>数量</th>
            <td>
              {row.quantity} {row.unit}
            </td>
            <th>序列号</th>
            <td>{row.serialNo ?? ''}</td>
          </tr>
          <tr>
            <th>客户</th>
            <td>{row.customerName}</td>
            <th>产品型号/机号</th>
            <td>
              {row.modelName ?? ''}
              {row.equipmentSerialNo ? ` / ${row.equipmentSerialNo}` : ''}
            </td>
          </tr>
          <tr>
            <th>更换人员</th>
            <td>{row.engineerName ?? ''}</td>
            <th>返还入库</th>
            <td>
              {printMinute(row.receivedAt)}
              {row.warehouseName ? `（${row.warehouseName}）` : ''}
            </td>
          </tr>
          <tr>
            <th>不合格描述</th>
            <td colSpan={3} className="print-tall">
              {row.defectDescription ?? ''}
            </td>
          </tr>
          <tr>
            <th>原因分析</th>
            <td colSpan={3} className="print-tall">
              {row.cause ?? ''}
            </td>
          </tr>
          <tr>
            <th>处置方式</th>
            <td colSpan={3}>
              <Choice label="返修" checked={row.disposition === 'repair'} />
              <Choice label="报废" checked={row.disposition === 'scrap'} />
              <Choice label="退供应商" checked={row.disposition === 'return_to_supplier'} />
            </td>
          </tr>
          <tr>
            <th>责任判定</th>
            <td colSpan={3}>
              <Choice label="我方责任（免费）" checked={row.responsibility === 'ours'} />
              <Choice label="客户责任（收费）" checked={row.responsibility === 'customer'} />
              <Choice label="供应商责任（索赔）" checked={row.responsibility === 'supplier'} />
            </td>
          </tr>
          <tr>
            <th>收费金额</th>
            <td>
              {row.responsibility === 'customer' && row.chargeFen != null ? `${fenToYuanString(row.chargeFen)} 元` : ''}
            </td>
            <th>索赔供应商</th>
            <td>{row.supplierName ?? ''}</td>
          </tr>
          <tr>
            <th>检验人</th>
            <td>{row.inspectedByName ?? ''}</td>
            <th>检验时间</th>
            <td>{printMinute(row.inspectedAt)}</td>
          </tr>
          <tr>
            <th>质量部门意见</th>
            <td colSpan={3} className="print-tall" />
          </tr>
          <tr>
            <th>审批</th>
            <td colSpan={3}>签字：　　　　　　　　日期：　　年　月　日</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
