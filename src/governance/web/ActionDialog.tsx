/**
 * A modal form for one governed action (停用, 授予岗位, 登记返岗 …): the fields, a submit that calls the API, and the
 * server's Chinese refusal shown inside the dialog (the server is the judge; nothing changes when it refuses).
 */
import { useState, type ReactNode } from "react";
import { Alert, App as AntApp, Form, Input, Modal, type FormInstance } from "antd";
import { ApiError } from "../../web/api.js";

export interface ActionDialogProps<T> {
  open: boolean;
  title: ReactNode;
  okText?: string;
  danger?: boolean;
  width?: number;
  /** Shown above the fields (what the action does, what the measure says). */
  intro?: ReactNode;
  initialValues?: Partial<T>;
  children?: ReactNode | ((form: FormInstance<T>) => ReactNode);
  /** Calls the API; returns the success message. */
  onSubmit: (values: T) => Promise<string>;
  onClose: () => void;
}

export function ActionDialog<T extends object>(props: ActionDialogProps<T>) {
  const [form] = Form.useForm<T>();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setProblem(null);
    try {
      const ok = await props.onSubmit(values);
      void message.success(ok);
      form.resetFields();
      props.onClose();
    } catch (e) {
      setProblem(e instanceof ApiError || e instanceof Error ? e.message : "操作失败，请重试");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText ?? "确定"}
      okButtonProps={{ danger: props.danger }}
      cancelText="取消"
      confirmLoading={busy}
      width={props.width ?? 560}
      destroyOnHidden
      onOk={() => void submit()}
      onCancel={() => {
        setProblem(null);
        props.onClose();
      }}
    >
      {props.intro}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="action-problem" />}
      <Form form={form} layout="vertical" initialValues={props.initialValues} preserve={false}>
        {typeof props.children === "function" ? props.children(form) : props.children}
      </Form>
    </Modal>
  );
}

/** The reason field every status change needs (P7: 原因必填). */
export function ReasonField({ label = "原因", placeholder }: { label?: string; placeholder?: string }) {
  return (
    <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, message: `请填写${label}` }, { max: 200 }]}>
      <Input.TextArea rows={3} placeholder={placeholder ?? "如：依据已签批的申请表办理"} maxLength={200} showCount />
    </Form.Item>
  );
}

/** The request form this action carries out (附件1/附件2), recorded in the ledger. */
export function FormRefField() {
  return (
    <Form.Item name="formRef" label="申请表编号" rules={[{ max: 60 }]} extra="已签批的申请表编号及行号，记入台账（可空）">
      <Input placeholder="如：SQ2-2025-0003 第1行" />
    </Form.Item>
  );
}

/** Trimmed optional text, or null. */
export const opt = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);
