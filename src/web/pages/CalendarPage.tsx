/**
 * 工作日历 (X3): statutory holidays and 调休 make-up working days that every deadline counts with (P10, S-CASES).
 * Twelve month grids and the list of exception days; 州 admins (gov.calendar.manage) correct a day, audited.
 * In December the page warns when next year's arrangement is not entered yet.
 */
import { useMemo, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Space, Table, Tag, Typography } from "antd";
import { EditOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { api } from "../api.js";
import { hasPermission, useCurrentSession } from "../session.js";
import { fmtTime } from "../labels.js";

interface CalendarDay {
  day: string;
  isWorkday: boolean;
  name: string;
  source: "chinese-days" | "manual";
  updatedBy: number | null;
  updatedAt: string;
}
interface CalendarAnswer {
  days: CalendarDay[];
  years: number[];
  warning: string | null;
}

const WEEK = ["日", "一", "二", "三", "四", "五", "六"];
const todayStr = () => dayjs().format("YYYY-MM-DD");

function Month({ year, month, byDay, onPick }: { year: number; month: number; byDay: Map<string, CalendarDay>; onPick?: (day: string) => void }) {
  const first = dayjs(new Date(year, month, 1));
  const lead = first.day();
  const n = first.daysInMonth();
  const cells: (string | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: n }, (_, i) => first.date(i + 1).format("YYYY-MM-DD"))];
  const today = todayStr();
  return (
    <Card size="small" title={`${month + 1}月`} styles={{ body: { padding: 8 } }}>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(7, 1fr)", gap: 2, fontSize: 12, textAlign: "center" }}>
        {WEEK.map((w) => (
          <div key={w} style={{ color: "#595959" }}>{w}</div>
        ))}
        {cells.map((d, i) => {
          if (!d) return <div key={`e${i}`} />;
          const ex = byDay.get(d);
          const dow = dayjs(d).day();
          const weekend = dow === 0 || dow === 6;
          const off = ex ? !ex.isWorkday : weekend;
          const bg = ex ? (ex.isWorkday ? "#fff7e6" : "#fff1f0") : "transparent";
          // WCAG AA contrast (issue 15): weekends in a mid grey, not the light #bfbfbf.
          const color = ex ? (ex.isWorkday ? "#ad4e00" : "#a8071a") : off ? "#6b6b6b" : "#262626";
          return (
            <div
              key={d}
              title={ex ? `${d} ${ex.name}（${ex.isWorkday ? "上班" : "休息"}）` : `${d} ${off ? "休息日" : "工作日"}`}
              onClick={onPick ? () => onPick(d) : undefined}
              style={{
                position: "relative", padding: "3px 0", borderRadius: 3, background: bg, color, cursor: onPick ? "pointer" : "default",
                outline: d === today ? "1px solid #1559c2" : undefined,
              }}
            >
              {Number(d.slice(8))}
              {ex && (
                <span style={{ position: "absolute", top: -2, right: 1, fontSize: 9, fontWeight: 600 }}>{ex.isWorkday ? "班" : "休"}</span>
              )}
            </div>
          );
        })}
      </div>
    </Card>
  );
}

export default function CalendarPage() {
  const s = useCurrentSession();
  const canEdit = hasPermission(s, "gov.calendar.manage");
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [year, setYear] = useState(() => dayjs().year());
  const [editing, setEditing] = useState<{ day: Dayjs; isWorkday: boolean; name: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ day: Dayjs; isWorkday: boolean; name: string }>();

  const cal = useQuery({ queryKey: ["calendar", year], queryFn: () => api.get<CalendarAnswer>(`/api/calendar?year=${year}`) });
  const byDay = useMemo(() => new Map((cal.data?.days ?? []).map((d) => [d.day, d])), [cal.data]);
  const years = useMemo(() => {
    const set = new Set([...(cal.data?.years ?? []), dayjs().year(), dayjs().year() + 1, year]);
    return [...set].sort((a, b) => b - a);
  }, [cal.data, year]);

  const openEdit = (day: string) => {
    const ex = byDay.get(day);
    const dow = dayjs(day).day();
    const weekend = dow === 0 || dow === 6;
    const init = { day: dayjs(day), isWorkday: ex ? ex.isWorkday : !weekend, name: ex?.name ?? "" };
    setEditing(init);
    form.setFieldsValue(init);
  };

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const day = v.day.format("YYYY-MM-DD");
      await api.put(`/api/calendar/${day}`, { isWorkday: v.isWorkday, name: v.name.trim() });
      void message.success(`已保存 ${day}：${v.isWorkday ? "工作日" : "休息日"}（${v.name.trim()}）`);
      setEditing(null);
      await queryClient.invalidateQueries({ queryKey: ["calendar"] });
    } catch {
      // the API client has shown the reason
    } finally {
      setSaving(false);
    }
  };

  const holidays = (cal.data?.days ?? []).filter((d) => !d.isWorkday).length;
  const makeups = (cal.data?.days ?? []).filter((d) => d.isWorkday).length;

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      {cal.data?.warning && <Alert type="warning" showIcon message="工作日历需要维护" description={cal.data.warning} data-testid="calendar-warning" />}
      <Card
        title="工作日历"
        extra={
          <Space>
            <Select aria-label="年份" value={year} onChange={setYear} style={{ width: 110 }} options={years.map((y) => ({ value: y, label: `${y}年` }))} />
            {canEdit && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => openEdit(`${year}-01-01`)}>
                修改某日
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          办理时限按法定工作日计算：周一至周五为工作日，法定节假日休息，调休上班的周末计为工作日。数据来自国务院办公厅每年发布的节假日安排
          {canEdit ? "，州级管理员可在此修正某一天（记入审计日志）。点击日期即可修改。" : "，由州级管理员维护。"}
        </Typography.Paragraph>
        <Space style={{ marginBottom: 12 }}>
          <Tag color="red">休 法定节假日 {holidays} 天</Tag>
          <Tag color="orange">班 调休上班 {makeups} 天</Tag>
          {!cal.data?.years.includes(year) && !cal.isLoading && <Tag>本年度尚未录入节假日安排</Tag>}
        </Space>
        <Row gutter={[12, 12]}>
          {Array.from({ length: 12 }, (_, m) => (
            <Col key={m} xs={24} sm={12} md={8} xl={6}>
              <Month year={year} month={m} byDay={byDay} onPick={canEdit ? openEdit : undefined} />
            </Col>
          ))}
        </Row>
      </Card>
      <Card title={`${year}年节假日与调休安排`}>
        <Table<CalendarDay>
          rowKey="day"
          size="small"
          loading={cal.isLoading}
          dataSource={cal.data?.days ?? []}
          pagination={false}
          columns={[
            { title: "日期", dataIndex: "day", width: 120 },
            { title: "星期", key: "dow", width: 70, render: (_, r) => `周${WEEK[dayjs(r.day).day()]}` },
            { title: "安排", dataIndex: "isWorkday", width: 100, render: (v: boolean) => (v ? <Tag color="orange">调休上班</Tag> : <Tag color="red">休息</Tag>) },
            { title: "名称", dataIndex: "name" },
            { title: "来源", dataIndex: "source", width: 200, render: (v: string, r) => (v === "manual" ? `人工维护（${fmtTime(r.updatedAt)}）` : "国务院办公厅节假日安排") },
            ...(canEdit
              ? [{ title: "操作", key: "op", width: 80, render: (_: unknown, r: CalendarDay) => <Button type="link" size="small" onClick={() => openEdit(r.day)}>修改</Button> }]
              : []),
          ]}
        />
      </Card>
      <Modal title="修改工作日历" open={!!editing} onCancel={() => setEditing(null)} onOk={() => void save()} confirmLoading={saving} okText="保存" destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={editing ?? undefined}>
          <Form.Item name="day" label="日期" rules={[{ required: true, message: "请选择日期" }]}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="isWorkday" label="安排" rules={[{ required: true }]}>
            <Radio.Group options={[{ value: false, label: "休息日" }, { value: true, label: "工作日" }]} />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: "请填写名称，如“国庆节”“国庆节调休上班”" }, { max: 40 }]}>
            <Input placeholder="如：国庆节、劳动节调休上班" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
