/**
 * P13 (第十四条) dialogs: 登记离岗/脱岗 (kind, start, expected end — the account is suspended at once, its sessions end,
 * and rights are cleared as the measure says) and 登记返岗 (the account is active again; cleared rights come back only
 * through a new grant by a permission admin).
 */
import { Alert, DatePicker, Form, Input, Select, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { api } from "../../web/api.js";
import { ActionDialog, FormRefField, opt } from "./ActionDialog.js";
import { STAFF_STATUS_NAMES, type StaffStatusKind } from "./common.js";

const fmt = (d: Dayjs | null | undefined) => (d ? d.format("YYYY-MM-DD") : null);

interface StaffForm {
  kind: StaffStatusKind;
  start: Dayjs;
  expectedEnd?: Dayjs | null;
  note?: string;
  formRef?: string;
}

function ClearingHint({ kind, start, end }: { kind?: StaffStatusKind; start?: Dayjs; end?: Dayjs | null }) {
  if (!kind) return null;
  if (kind !== "off_duty") {
    return <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="登记后账户立即暂停、会话立即结束，全部业务权限立即清理（第十四条）。返岗后须重新授权。" />;
  }
  const long = !!start && !!end && !end.isBefore(start.add(3, "month"));
  return (
    <Alert
      type={long ? "warning" : "info"}
      showIcon
      style={{ marginBottom: 12 }}
      title={
        long
          ? "预计脱岗三个月以上：账户立即暂停，全部业务权限立即清理（第十四条第二项）。"
          : "账户立即暂停、会话立即结束；脱岗满三个月仍未返岗的，系统自动清理其业务权限（第十四条第二项）。"
      }
    />
  );
}

export function StaffStatusDialog({ account, open, onClose, onDone }: {
  account: { id: number; name: string } | null;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  return (
    <ActionDialog<StaffForm>
      open={open && !!account}
      title={`登记离岗/脱岗：${account?.name ?? ""}`}
      okText="登记"
      danger
      intro={<Typography.Paragraph type="secondary">人员退休、离职、调岗，脱岗（病假、产假等），接受纪检监察或司法机关调查，或有其他不能正常履职情形的，应及时清理其权限（第十四条）。</Typography.Paragraph>}
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await api.post<{ sessionsEnded: number; grantsCleared: number }>(`/api/gov/accounts/${account!.id}/staff-status`, {
          kind: v.kind, startDate: fmt(v.start), expectedEndDate: fmt(v.expectedEnd), note: v.note?.trim() || undefined, formRef: opt(v.formRef),
        }, { silent: true });
        onDone();
        return `已登记，账户已暂停；结束会话 ${r.sessionsEnded} 个，清理授权 ${r.grantsCleared} 项`;
      }}
    >
      {(form) => (
        <>
          <Form.Item name="kind" label="类别" rules={[{ required: true, message: "请选择类别" }]}>
            <Select options={(Object.keys(STAFF_STATUS_NAMES) as StaffStatusKind[]).map((k) => ({ value: k, label: STAFF_STATUS_NAMES[k] }))} placeholder="退休、离职、调岗、脱岗、接受调查、其他" />
          </Form.Item>
          <Form.Item name="start" label="开始日期" rules={[{ required: true, message: "请选择开始日期" }]}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => {
              const kind = form.getFieldValue("kind") as StaffStatusKind | undefined;
              return (
                <>
                  <Form.Item
                    name="expectedEnd"
                    label="预计结束日期"
                    rules={[{ required: kind === "off_duty", message: "脱岗须填写预计结束日期" }]}
                    extra={kind === "off_duty" ? "脱岗预计或实际满三个月的，清理业务权限" : "可空"}
                  >
                    <DatePicker style={{ width: "100%" }} />
                  </Form.Item>
                  <ClearingHint kind={kind} start={form.getFieldValue("start") as Dayjs | undefined} end={form.getFieldValue("expectedEnd") as Dayjs | null | undefined} />
                </>
              );
            }}
          </Form.Item>
          <Form.Item name="note" label="说明" rules={[{ max: 200 }]}>
            <Input.TextArea rows={2} placeholder="如：产假；调往州人社局" />
          </Form.Item>
          <FormRefField />
        </>
      )}
    </ActionDialog>
  );
}

interface ReturnForm {
  ended: Dayjs;
  note?: string;
  formRef?: string;
}

export function ReturnDialog({ record, open, onClose, onDone }: {
  record: { id: number; name: string; kind: StaffStatusKind; startDate: string } | null;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  return (
    <ActionDialog<ReturnForm>
      open={open && !!record}
      title={`登记返岗：${record?.name ?? ""}`}
      okText="登记返岗"
      intro={
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${record ? STAFF_STATUS_NAMES[record.kind] : ""}，自 ${record?.startDate ?? ""}。返岗后账户恢复正常，已清理的权限不会自动恢复，须由权限管理员重新授权（第十四条）。`}
        />
      }
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await api.post<{ status: string; needsNewGrant: boolean }>(`/api/gov/staff-status/${record!.id}/end`, {
          endedDate: fmt(v.ended), note: v.note?.trim() || undefined, formRef: opt(v.formRef),
        }, { silent: true });
        onDone();
        return r.needsNewGrant ? "已登记返岗，账户已恢复；该人员当前无有效授权，须重新授权" : "已登记返岗，账户已恢复";
      }}
    >
      <Form.Item name="ended" label="返岗日期" rules={[{ required: true, message: "请选择返岗日期" }]}>
        <DatePicker style={{ width: "100%" }} />
      </Form.Item>
      <Form.Item name="note" label="说明" rules={[{ max: 200 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <FormRefField />
    </ActionDialog>
  );
}
