/**
 * The e-SSC simulator (demo mode only, P3): a page that plays the citizen's phone. It reads (pastes) the QR content
 * from the login page, “scans” it, lets the holder pick a demo card or type 姓名 + 身份证号, and confirms or cancels.
 * The server's simulated channel signs each answer, which the platform verifies exactly as the real channel's.
 */
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Empty, Input, Radio, Result, Segmented, Space, Spin, Typography } from "antd";
import { IdcardOutlined, ScanOutlined } from "@ant-design/icons";
import { api, ApiError } from "../api.js";
import { refusalText } from "../labels.js";
import { maskIdNumber, parseIdNumber, ID_PROBLEM_TEXT } from "../../core/idcard.js";

interface SimIdentity {
  name: string;
  idNumber: string;
  label: string;
}
type Step = "scan" | "confirm" | "done";
interface Outcome {
  ok: boolean;
  title: string;
  text: string;
}

const opts = { silent: true, noAuthRedirect: true } as const;

function Phone({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <div
      style={{
        width: 390, height: 780, borderRadius: 44, background: "#111", padding: 12, boxShadow: "0 20px 60px rgba(0,0,0,0.35)",
        display: "flex", flexDirection: "column",
      }}
    >
      <div style={{ flex: 1, borderRadius: 34, overflow: "hidden", background: "#f4f6fa", display: "flex", flexDirection: "column" }}>
        <div style={{ height: 30, display: "flex", justifyContent: "space-between", alignItems: "center", padding: "0 24px", fontSize: 12, background: "#c8161d", color: "#fff" }}>
          <span>9:41</span>
          <span>演示</span>
        </div>
        <div style={{ background: "#c8161d", color: "#fff", padding: "10px 16px 16px", textAlign: "center" }}>
          <div style={{ fontSize: 18, fontWeight: 600 }}>
            <IdcardOutlined /> 电子社保卡（演示模拟器）
          </div>
          <div style={{ fontSize: 12, opacity: 0.85, marginTop: 4 }}>仅用于演示环境，生产环境不可用</div>
        </div>
        <div style={{ flex: 1, overflowY: "auto", padding: 16 }}>{children}</div>
        {footer && <div style={{ display: "flex", gap: 12, padding: "12px 16px 20px", background: "#fff", borderTop: "1px solid #eee" }}>{footer}</div>}
      </div>
    </div>
  );
}

export function SimulatorPage() {
  const [params] = useSearchParams();
  const [qrContent, setQrContent] = useState(params.get("qr") ?? "");
  const [step, setStep] = useState<Step>("scan");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [mode, setMode] = useState<"card" | "manual">("card");
  const [picked, setPicked] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [idNumber, setIdNumber] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    const q = params.get("qr");
    if (q) setQrContent(q);
  }, [params]);

  const identities = useQuery({
    queryKey: ["essc-sim", "identities"],
    queryFn: () => api.get<{ identities: SimIdentity[] }>("/api/essc-sim/identities", opts),
    staleTime: Infinity,
  });
  const cards = useMemo(() => identities.data?.identities ?? [], [identities.data]);

  const fail = (e: unknown) => setProblem(e instanceof ApiError ? e.message : "操作失败，请重试");

  const scan = async () => {
    setProblem(null);
    setBusy(true);
    try {
      await api.post("/api/essc-sim/scan", { qrContent: qrContent.trim() }, opts);
      setStep("confirm");
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const identity = (): { name: string; idNumber: string } | null => {
    if (mode === "card") {
      const c = cards.find((x) => x.idNumber === picked);
      return c ? { name: c.name, idNumber: c.idNumber } : null;
    }
    return name.trim() && idNumber.trim() ? { name: name.trim(), idNumber: idNumber.trim() } : null;
  };

  const confirm = async () => {
    const id = identity();
    if (!id) {
      setProblem(mode === "card" ? "请选择一张电子社保卡" : "请填写姓名和身份证号");
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const r = await api.post<{ status: string; code?: string }>("/api/essc-sim/confirm", { qrContent: qrContent.trim(), identity: id }, opts);
      setOutcome(
        r.status === "confirmed"
          ? { ok: true, title: "已确认登录", text: `${id.name}，您已授权登录恩施州劳动力资源信息平台，请返回电脑查看。` }
          : { ok: false, title: "登录未成功", text: refusalText(r.code) },
      );
      setStep("done");
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    setProblem(null);
    setBusy(true);
    try {
      await api.post("/api/essc-sim/cancel", { qrContent: qrContent.trim() }, opts);
      setOutcome({ ok: false, title: "已取消登录", text: "您已在手机上取消本次登录，电脑端将显示“已在手机上取消登录”。" });
      setStep("done");
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const restart = () => {
    setStep("scan");
    setQrContent("");
    setOutcome(null);
    setProblem(null);
  };

  const manualProblem = (() => {
    if (mode !== "manual" || idNumber.trim().length < 18) return null;
    const p = parseIdNumber(idNumber);
    return p.ok ? null : ID_PROBLEM_TEXT[p.problem];
  })();

  return (
    <div style={{ minHeight: "100vh", display: "grid", placeItems: "center", background: "linear-gradient(160deg, #e9eef6, #cfd9ea)", padding: 24 }}>
      <Phone
        footer={
          step === "confirm" && (
            <>
              <Button size="large" style={{ flex: 1 }} disabled={busy} onClick={() => void cancel()}>
                取消
              </Button>
              <Button size="large" type="primary" danger style={{ flex: 2 }} loading={busy} onClick={() => void confirm()}>
                确认登录
              </Button>
            </>
          )
        }
      >
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="sim-problem" />}

        {step === "scan" && (
          <Space direction="vertical" size={12} style={{ width: "100%" }}>
            <div style={{ background: "#fff", borderRadius: 12, padding: 16 }}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                <ScanOutlined /> 扫一扫
              </Typography.Title>
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                真实手机会用摄像头读取登录页上的二维码。在模拟器中，请粘贴登录页显示的二维码内容：
              </Typography.Paragraph>
              <Input.TextArea
                value={qrContent}
                onChange={(e) => setQrContent(e.target.value)}
                placeholder="esscqr://login?app=enshi-labor&t=…&n=…"
                autoSize={{ minRows: 3, maxRows: 5 }}
                aria-label="二维码内容"
                data-testid="sim-qr-input"
              />
            </div>
            <Button type="primary" size="large" block danger icon={<ScanOutlined />} loading={busy} disabled={!qrContent.trim()} onClick={() => void scan()}>
              扫码
            </Button>
          </Space>
        )}

        {step === "confirm" && (
          <Space direction="vertical" size={12} style={{ width: "100%" }}>
            <div style={{ background: "#fff", borderRadius: 12, padding: 16, textAlign: "center" }}>
              <Typography.Text type="secondary">登录确认</Typography.Text>
              <Typography.Title level={5} style={{ margin: "6px 0" }}>
                恩施州劳动力资源信息平台
              </Typography.Title>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                申请使用您的电子社保卡身份信息（姓名、身份证号）登录
              </Typography.Text>
            </div>
            <Segmented
              block
              value={mode}
              onChange={(v) => setMode(v as "card" | "manual")}
              options={[
                { label: "选择演示卡", value: "card" },
                { label: "手动输入身份", value: "manual" },
              ]}
            />
            {mode === "card" ? (
              identities.isLoading ? (
                <Spin />
              ) : cards.length === 0 ? (
                <Empty description="没有演示卡，请使用手动输入" />
              ) : (
                <Radio.Group value={picked} onChange={(e) => setPicked(e.target.value as string)} style={{ width: "100%" }}>
                  <Space direction="vertical" size={8} style={{ width: "100%" }}>
                    {cards.map((c) => (
                      <div
                        key={c.idNumber}
                        onClick={() => setPicked(c.idNumber)}
                        style={{
                          display: "block", background: "#fff", borderRadius: 10, padding: "10px 12px", cursor: "pointer",
                          border: picked === c.idNumber ? "1.5px solid #c8161d" : "1px solid #e5e7eb",
                        }}
                      >
                        <Radio value={c.idNumber}>
                          <div style={{ fontWeight: 600 }}>{c.label}</div>
                          <div style={{ fontSize: 12, color: "#6b7280" }}>
                            {c.name} · {maskIdNumber(c.idNumber)}
                          </div>
                        </Radio>
                      </div>
                    ))}
                  </Space>
                </Radio.Group>
              )
            ) : (
              <div style={{ background: "#fff", borderRadius: 12, padding: 16 }}>
                <Space direction="vertical" style={{ width: "100%" }}>
                  <Input placeholder="姓名" value={name} onChange={(e) => setName(e.target.value)} aria-label="姓名" />
                  <Input placeholder="身份证号（18位）" value={idNumber} maxLength={18} onChange={(e) => setIdNumber(e.target.value)} aria-label="身份证号" status={manualProblem ? "warning" : undefined} />
                  {manualProblem && <Typography.Text type="warning" style={{ fontSize: 12 }}>{manualProblem}（仍可提交，平台会拒绝）</Typography.Text>}
                </Space>
              </div>
            )}
          </Space>
        )}

        {step === "done" && outcome && (
          <Result
            status={outcome.ok ? "success" : "warning"}
            title={outcome.title}
            subTitle={outcome.text}
            extra={<Button onClick={restart}>扫描新的二维码</Button>}
            data-testid="sim-result"
          />
        )}
      </Phone>
    </div>
  );
}
