/**
 * The paper forms of field work on A4 (DSP-5), laid out like the seed forms [001 6.3, 7]:
 * 外出服务记录表 (one visit) and 售后服务维修记录单 in three copies (存根 / 售后服务 / 客户).
 * The forms stay in Chinese, as on paper; the toolbar follows the UI language.
 */
import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import type { RepairRecord, Visit } from '../../../../server/modules/dispatch/dispatch.contract';
import { QueryState } from '../../components/QueryState';
import { useT } from '../../lib/i18n';
import { useRepairRecord, useVisit } from './field.api';
import './field.css';
import { yuan } from './field-format';
import { Choice, printDay as day, printMinute as minute, PrintToolbar } from './print-kit';

// ---------- 外出服务记录表 ----------

export function PrintVisitPage() {
  const id = Number(useParams().id);
  const visit = useVisit(id);
  const record = useRepairRecord(visit.data?.ticketId ?? 0);
  return (
    <QueryState query={visit}>
      {(data) => (
        <QueryState query={record}>
          {(ticket) => (
            <>
              <PrintToolbar backTo={`/tickets/${data.ticketId}`} />
              <div className="print-scroll">
                <VisitSheet visit={data} ticket={ticket} />
              </div>
            </>
          )}
        </QueryState>
      )}
    </QueryState>
  );
}

const serviceTypes: [string, (type: string) => boolean][] = [
  ['安装', (type) => type === 'installation'],
  ['维修', (type) => type === 'repair' || type === 'return_exchange' || type === 'parts_by_mail'],
  ['保养', (type) => type === 'maintenance'],
  ['培训', (type) => type === 'training'],
  ['其他', (type) => ['consultation', 'complaint', 'information'].includes(type)],
];

function VisitSheet({ visit, ticket }: { visit: Visit; ticket: RepairRecord }) {
  // Free-entry lines of the visit and the catalogue parts consumed on it (PRT-3), with code and price.
  const catalogue = (ticket.catalogueParts ?? [])
    .filter((part) => part.visitId === visit.id)
    .map((part) => ({
      name: `${part.code} ${part.name}`,
      quantity: part.quantity,
      kind: part.kind,
      unitPriceFen: part.unitPriceFen ?? undefined,
    }));
  const lines = [...visit.partsUsed, ...catalogue];
  const boughtFen = lines
    .filter((part) => part.kind === 'customer_bought' && part.unitPriceFen !== undefined)
    .reduce((sum, part) => sum + Math.round((part.unitPriceFen ?? 0) * part.quantity), 0);
  const parts = lines
    .map(
      (part) =>
        `${part.name} ×${part.quantity}（${part.kind === 'warranty' ? '三包件' : `客户购买件${part.unitPriceFen !== undefined ? ` ¥${yuan(part.unitPriceFen)}` : ''}`}）`,
    )
    .join('；');
  return (
    <div className="print-sheet" data-testid="print-visit-sheet">
      <h1>外出安装/售后/维修服务记录表</h1>
      <div className="print-meta">
        <span>服务部门：{visit.departmentName}</span>
        <span>工单号：{visit.ticketNumber}</span>
        <span data-testid="print-visit-number">编号：{visit.number}</span>
      </div>
      <table className="print-table">
        <colgroup>
          <col style={{ width: '26mm' }} />
          <col />
          <col style={{ width: '24mm' }} />
          <col />
        </colgroup>
        <tbody>
          <tr>
            <td className="print-section" colSpan={4}>
              客户资料
            </td>
          </tr>
          <tr>
            <th>客户名称</th>
            <td>{ticket.customerName}</td>
            <th>电话</th>
            <td>{ticket.contactPhone ?? ''}</td>
          </tr>
          <tr>
            <th>客户地址</th>
            <td colSpan={3}>{ticket.customerAddress ?? ''}</td>
          </tr>
          <tr>
            <th>产品类型</th>
            <td>
              {ticket.modelName ?? ''}
              {ticket.serialNo ? `（机号 ${ticket.serialNo}）` : ''}
            </td>
            <th>服务人员</th>
            <td>{visit.engineerName}</td>
          </tr>
          <tr>
            <td className="print-section" colSpan={4}>
              安装/维修记录
            </td>
          </tr>
          <tr>
            <th>到场时间</th>
            <td>{minute(visit.checkedInAt)}</td>
            <th>完成时间</th>
            <td>{minute(visit.checkedOutAt)}</td>
          </tr>
          <tr>
            <th>服务类型</th>
            <td colSpan={3}>
              {serviceTypes.map(([label, test]) => (
                <Choice key={label} label={label} checked={test(ticket.ticketType)} />
              ))}
            </td>
          </tr>
          <tr>
            <th>故障诊断</th>
            <td colSpan={3} className="print-tall">
              {visit.diagnosis ?? ''}
            </td>
          </tr>
          <tr>
            <th>服务内容</th>
            <td colSpan={3} className="print-tall">
              {visit.workDone ?? ''}
            </td>
          </tr>
          <tr>
            <th>使用配件</th>
            <td colSpan={3}>{parts}</td>
          </tr>
          <tr>
            <th>工时</th>
            <td colSpan={3}>{visit.labourMinutes != null ? `${visit.labourMinutes} 分钟` : ''}</td>
          </tr>
          <tr>
            <th>工作态度</th>
            <td colSpan={3} data-testid="print-attitude">
              {['差', '一般', '满意', '好', '很好'].map((label, index) => (
                <Choice key={label} label={label} checked={visit.ratingAttitude === index + 1} />
              ))}
            </td>
          </tr>
          <tr>
            <th>产品损坏</th>
            <td colSpan={3}>
              <Choice label="有" checked={visit.productDamage === 'some'} />
              <Choice label="无" checked={visit.productDamage === 'none'} />
              <Choice label="严重" checked={visit.productDamage === 'severe'} />
            </td>
          </tr>
          <tr>
            <th>卫生状况</th>
            <td colSpan={3}>
              <Choice label="好" checked={visit.siteTidy === 'good'} />
              <Choice label="不好" checked={visit.siteTidy === 'poor'} />
            </td>
          </tr>
          <tr>
            <th>顾客满意</th>
            <td colSpan={3}>
              <Choice label="满意" checked={visit.customerSatisfaction === 'satisfied'} />
              <Choice label="不满意" checked={visit.customerSatisfaction === 'dissatisfied'} />
              <Choice label="非常不满意" checked={visit.customerSatisfaction === 'very_dissatisfied'} />
            </td>
          </tr>
          <tr>
            <th>处理结果</th>
            <td>
              <Choice label="完成" checked={visit.result === 'done'} />
              <Choice label="未完成" checked={visit.result === 'not_done'} />
              {visit.resultNote ? <div>{visit.resultNote}</div> : null}
            </td>
            <th>收费情况</th>
            <td>{boughtFen > 0 ? `客户购买件 ¥${yuan(boughtFen)}` : '无'}</td>
          </tr>
          <tr>
            <th>客户建议</th>
            <td colSpan={3} className="print-tall">
              {visit.customerSuggestion ?? ''}
            </td>
          </tr>
          <tr>
            <th>公司承诺</th>
            <td colSpan={3}>保修期内同一故障再次发生，免费维修。</td>
          </tr>
          <tr>
            <th>客户签字</th>
            <td colSpan={3}>
              <SignatureLine url={visit.signatureUrl} name={visit.signedByName} at={visit.signedAt} />
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function SignatureLine({ url, name, at }: { url: string | null; name: string | null; at: string | null }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: '4mm' }}>
      <span>
        {url ? <img className="print-signature" src={url} alt="签名" data-testid="print-signature" /> : null}
        {name ? `（${name}）` : ''}
      </span>
      <span>{day(at)}</span>
    </div>
  );
}

// ---------- 售后服务维修记录单 (three copies) ----------

const copies = ['第一联：存根', '第二联：售后服务', '第三联：客户'] as const;

export function PrintRepairRecordPage() {
  const id = Number(useParams().id);
  const record = useRepairRecord(id);
  return (
    <QueryState query={record}>
      {(data) => (
        <>
          <PrintToolbar backTo={`/tickets/${id}`} />
          <div className="print-scroll">
            {copies.map((copy) => (
              <RepairRecordSheet key={copy} record={data} copy={copy} />
            ))}
          </div>
        </>
      )}
    </QueryState>
  );
}

function PartsTable({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <div style={{ textAlign: 'center', marginBottom: '1mm' }}>{title}</div>
      {children}
    </div>
  );
}

function RepairRecordSheet({ record, copy }: { record: RepairRecord; copy: string }) {
  const warrantyRows = Math.max(3, record.warrantyParts.length);
  const boughtRows = Math.max(3, record.boughtParts.length);
  return (
    <div className="print-sheet" data-testid="print-repair-copy">
      <div className="print-copy-label">{copy}</div>
      <h1>售后服务维修记录单</h1>
      <div className="print-meta">
        <span>维修单位：{record.serviceUnit ?? ''}</span>
        <span>工单号：{record.ticketNumber}</span>
      </div>
      <table className="print-table">
        <colgroup>
          <col style={{ width: '26mm' }} />
          <col />
          <col style={{ width: '24mm' }} />
          <col />
        </colgroup>
        <tbody>
          <tr>
            <th>用户姓名（单位、人）</th>
            <td colSpan={3}>{record.customerName}</td>
          </tr>
          <tr>
            <th>用户地址及联系人</th>
            <td colSpan={3}>
              地址：{record.customerAddress ?? ''}
              <br />
              联系人：{record.contactName ?? ''}　　联系电话：{record.contactPhone ?? ''}
            </td>
          </tr>
          <tr>
            <th>要求服务时间</th>
            <td colSpan={3}>{minute(record.requestedServiceAt)}</td>
          </tr>
          <tr>
            <th>型号</th>
            <td>{record.modelName ?? ''}</td>
            <th>机号</th>
            <td>{record.serialNo ?? ''}</td>
          </tr>
          <tr>
            <th>数量</th>
            <td>{record.quantity}</td>
            <th>发票号</th>
            <td>{record.invoiceNo ?? ''}</td>
          </tr>
          <tr>
            <th>购机日期</th>
            <td>{day(record.purchaseDate)}</td>
            <th>报修日期</th>
            <td>{day(record.receivedAt)}</td>
          </tr>
          <tr>
            <th>报修内容</th>
            <td colSpan={3} className="print-tall">
              {record.title}
              {record.description ? `：${record.description}` : ''}
            </td>
          </tr>
          <tr>
            <th>记录人</th>
            <td colSpan={3}>{record.recordedBy ?? ''}</td>
          </tr>
          <tr>
            <th>维修结果</th>
            <td colSpan={3} className="print-tall">
              {record.result ?? ''}
            </td>
          </tr>
          <tr>
            <th>修理时间</th>
            <td colSpan={3}>
              {minute(record.repairFrom)} 至 {minute(record.repairTo)}
            </td>
          </tr>
        </tbody>
      </table>
      <div style={{ display: 'grid', gridTemplateColumns: '2fr 3fr', gap: '3mm', marginTop: '3mm' }}>
        <PartsTable title="“三包”件（务必写明名称和数量）">
          <table className="print-table">
            <thead>
              <tr>
                <td>名称</td>
                <td style={{ width: '18mm' }}>数量</td>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: warrantyRows }, (_, index) => {
                const part = record.warrantyParts[index];
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed rows of a paper form
                  <tr key={index}>
                    <td>{part ? `${part.code ? `${part.code} ` : ''}${part.name}` : '\u00a0'}</td>
                    <td>{part?.quantity ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </PartsTable>
        <PartsTable title="客户购买件（务必写明名称和数量）">
          <table className="print-table">
            <thead>
              <tr>
                <td>名称</td>
                <td style={{ width: '14mm' }}>数量</td>
                <td style={{ width: '20mm' }}>单价</td>
                <td style={{ width: '22mm' }}>合计</td>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: boughtRows }, (_, index) => {
                const part = record.boughtParts[index];
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed rows of a paper form
                  <tr key={index}>
                    <td>{part ? `${part.code ? `${part.code} ` : ''}${part.name}` : '\u00a0'}</td>
                    <td>{part?.quantity ?? ''}</td>
                    <td>{part ? yuan(part.unitPriceFen) : ''}</td>
                    <td>{part ? yuan(part.totalFen) : ''}</td>
                  </tr>
                );
              })}
              {record.boughtTotalFen !== null && (
                <tr>
                  <td colSpan={3} style={{ textAlign: 'right' }}>
                    合计
                  </td>
                  <td>{yuan(record.boughtTotalFen)}</td>
                </tr>
              )}
            </tbody>
          </table>
        </PartsTable>
      </div>
      <table className="print-table" style={{ marginTop: '3mm' }}>
        <colgroup>
          <col style={{ width: '26mm' }} />
          <col />
          <col style={{ width: '40mm' }} />
        </colgroup>
        <tbody>
          <tr>
            <th>售后服务人员</th>
            <td>{record.engineers.join('、')}</td>
            <td style={{ width: '40mm' }}>{day(record.repairTo)}</td>
          </tr>
          <tr>
            <th>用户意见</th>
            <td colSpan={2} className="print-tall">
              {record.customerOpinion ?? ''}
            </td>
          </tr>
          <tr>
            <th>签名</th>
            <td colSpan={2}>
              <SignatureLine url={record.signatureUrl} name={record.signedByName} at={record.signedAt} />
            </td>
          </tr>
        </tbody>
      </table>
      <div className="print-sign-lines">
        <span>部门领导：＿＿＿ 日期：＿＿＿</span>
        <span>仓库人员：＿＿＿ 日期：＿＿＿</span>
        <span>维修人员：＿＿＿ 日期：＿＿＿</span>
      </div>
    </div>
  );
}
