/**
 * Login by 电子社保卡 QR scan (P3): a real QR image from POST /api/auth/qr, its status polled every 1.5 s
 * (待扫码 → 已扫码 → 登录成功, or refused / expired), and the two-minute countdown. In demo mode the page links to the
 * e-SSC simulator and shows the QR content so the simulator can paste it. The reason an earlier session ended
 * (replaced by a login elsewhere, idle, …) is shown here (P4).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Divider, Progress, Space, Spin, Tag, Typography } from "antd";
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, MobileOutlined, ReloadOutlined, ScanOutlined } from "@ant-design/icons";
import { api, ApiError } from "../api.js";
import { fetchSession, SESSION_KEY } from "../session.js";
import { SUBSYSTEM_INFO } from "../subsystems.js";
import type { LoginPageState } from "../App.js";

interface Ticket {
  ticketId: string;
  qrContent: string;
  qrImage: string;
  expiresAt: string;
  channel: string;
}
type Status = "loading" | "pending" | "scanned" | "confirmed" | "rejected" | "expired" | "error";

interface PollAnswer {
  status: "pending" | "scanned" | "expired" | "rejected" | "confirmed";
  code?: string;
  message?: string;
  replaced?: number;
  newDevice?: boolean;
}

export interface AfterLoginState {
  loggedIn?: { replaced: number; newDevice: boolean };
}

const TTL_SECONDS = 120;
const POLL_MS = 1500;

function QrPanel(props: { ticket: Ticket | null; status: Status; remaining: number; problem: string | null; onRefresh: () => void }) {
  const { ticket, status, remaining, problem, onRefresh } = props;
  const overlay = (() => {
    switch (status) {
      case "scanned":
        return (
          <Space direction="vertical" align="center">
            <CheckCircleFilled style={{ fontSize: 40, color: "#52c41a" }} />
            <Typography.Text strong>已扫码，请在手机上确认</Typography.Text>
          </Space>
        );
      case "confirmed":
        return (
          <Space direction="vertical" align="center">
            <Spin />
            <Typography.Text strong>登录成功，正在进入平台…</Typography.Text>
          </Space>
        );
      case "expired":
        return (
          <Space direction="vertical" align="center">
            <ClockCircleOutlined style={{ fontSize: 36, color: "#8c8c8c" }} />
            <Typography.Text strong>二维码已过期</Typography.Text>
            <Button type="primary" icon={<ReloadOutlined />} onClick={onRefresh}>
              刷新二维码
            </Button>
          </Space>
        );
      case "rejected":
      case "error":
        return (
          <Space direction="vertical" align="center" style={{ padding: 12 }}>
            <CloseCircleFilled style={{ fontSize: 36, color: "#ff4d4f" }} />
            <Typography.Text strong style={{ textAlign: "center" }}>
              {status === "rejected" ? "登录未成功" : "无法获取二维码"}
            </Typography.Text>
            <Button type="primary" icon={<ReloadOutlined />} onClick={onRefresh}>
              重新获取二维码
            </Button>
          </Space>
        );
      default:
        return null;
    }
  })();
  return (
    <div style={{ display: "flex", flexDirection: "column", alignItems: "center" }}>
      <div style={{ position: "relative", width: 240, height: 240, border: "1px solid #f0f0f0", borderRadius: 8, background: "#fff" }}>
        {ticket ? (
          <img src={ticket.qrImage} alt="电子社保卡登录二维码" width={240} height={240} data-testid="qr-image" style={{ display: "block", borderRadius: 8 }} />
        ) : (
          <div style={{ display: "grid", placeItems: "center", height: "100%" }}>{status === "loading" && <Spin tip="正在获取二维码…" />}</div>
        )}
        {overlay && (
          <div
            style={{
              position: "absolute", inset: 0, display: "grid", placeItems: "center", borderRadius: 8,
              background: "rgba(255,255,255,0.94)",
            }}
          >
            {overlay}
          </div>
        )}
      </div>
      <div style={{ marginTop: 12, minHeight: 48, textAlign: "center", width: 300 }} data-testid="qr-status">
        {status === "pending" && (
          <Space direction="vertical" size={4} style={{ width: "100%" }}>
            <span>
              <Tag color="processing" icon={<ScanOutlined />}>待扫码</Tag>
              二维码有效期剩余 {Math.floor(remaining / 60)}:{String(remaining % 60).padStart(2, "0")}
            </span>
            <Progress percent={(remaining / TTL_SECONDS) * 100} aria-label="二维码剩余有效时间" showInfo={false} size="small" />
          </Space>
        )}
        {status === "scanned" && (
          <span>
            <Tag color="success">已扫码</Tag>请在手机上确认登录（剩余 {remaining} 秒）
          </span>
        )}
        {status === "confirmed" && <Tag color="success">登录成功</Tag>}
        {status === "expired" && <Typography.Text type="secondary">二维码有效期为2分钟，请刷新后重新扫码</Typography.Text>}
        {(status === "rejected" || status === "error") && problem && (
          <Alert type="error" showIcon message={problem} style={{ textAlign: "left" }} data-testid="login-problem" />
        )}
      </div>
    </div>
  );
}

export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const state = (location.state ?? {}) as LoginPageState;
  const health = useQuery({
    queryKey: ["health"],
    queryFn: () => api.get<{ status: string; mode: string; database: string }>("/api/health", { silent: true, noAuthRedirect: true }),
    staleTime: Infinity,
  });
  const demo = health.data?.mode === "demo";

  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [status, setStatus] = useState<Status>("loading");
  const [problem, setProblem] = useState<string | null>(null);
  const [endedReason, setEndedReason] = useState<string | undefined>(state.reason);
  const [now, setNow] = useState(() => Date.now());
  const polling = useRef(false);
  const requested = useRef(false);

  const newTicket = useCallback(async () => {
    setStatus("loading");
    setProblem(null);
    setTicket(null);
    try {
      const t = await api.post<Ticket>("/api/auth/qr", {}, { silent: true, noAuthRedirect: true });
      setTicket(t);
      setNow(Date.now());
      setStatus("pending");
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : "无法获取登录二维码，请稍后重试");
      setStatus("error");
    }
  }, []);

  // Already logged in (another tab): go straight in. Otherwise ask for a QR code once.
  useEffect(() => {
    if (requested.current) return;
    requested.current = true;
    fetchSession({ noAuthRedirect: true })
      .then((s) => {
        queryClient.setQueryData(SESSION_KEY, s);
        navigate(state.from ?? "/", { replace: true });
      })
      .catch((e: unknown) => {
        // Opened afresh after the session ended elsewhere: still say why (P4).
        if (e instanceof ApiError && e.code.startsWith("SESSION_")) setEndedReason((cur) => cur ?? e.message);
        void newTicket();
      });
  }, [navigate, newTicket, queryClient, state.from]);

  const active = status === "pending" || status === "scanned";

  // Countdown.
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);

  const remaining = ticket ? Math.max(0, Math.min(TTL_SECONDS, Math.ceil((new Date(ticket.expiresAt).getTime() - now) / 1000))) : 0;
  useEffect(() => {
    if (active && ticket && remaining <= 0) setStatus("expired");
  }, [active, remaining, ticket]);

  // Live status.
  useEffect(() => {
    if (!active || !ticket) return;
    const poll = async () => {
      if (polling.current) return;
      polling.current = true;
      try {
        const r = await api.get<PollAnswer>(`/api/auth/qr/${ticket.ticketId}`, { silent: true, noAuthRedirect: true });
        if (r.status === "confirmed") {
          setStatus("confirmed");
          queryClient.removeQueries();
          const s = await fetchSession();
          queryClient.setQueryData(SESSION_KEY, s);
          const after: AfterLoginState = { loggedIn: { replaced: r.replaced ?? 0, newDevice: !!r.newDevice } };
          navigate(state.from ?? "/", { replace: true, state: after });
        } else if (r.status === "rejected") {
          setProblem(r.message ?? "登录被拒绝");
          setStatus("rejected");
        } else if (r.status === "expired") {
          setStatus("expired");
        } else {
          setStatus((cur) => (cur === "pending" || cur === "scanned" ? r.status as "pending" | "scanned" : cur));
        }
      } catch (e) {
        setProblem(e instanceof ApiError ? e.message : "无法查询扫码状态，请刷新二维码");
        setStatus("error");
      } finally {
        polling.current = false;
      }
    };
    const t = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(t);
  }, [active, ticket, navigate, queryClient, state.from]);

  const simulatorHref = ticket ? `/essc-sim?qr=${encodeURIComponent(ticket.qrContent)}` : "/essc-sim";

  return (
    <div
      style={{
        minHeight: "100vh", display: "flex", flexDirection: "column", alignItems: "center", justifyContent: "center",
        background: "linear-gradient(135deg, #0d3a7a 0%, #1559c2 55%, #3f86e8 100%)", padding: 24,
      }}
    >
      <Card style={{ width: 920, maxWidth: "100%", boxShadow: "0 12px 40px rgba(0,0,0,0.25)" }} styles={{ body: { padding: 0 } }}>
        <div style={{ display: "flex", flexWrap: "wrap" }}>
          <div style={{ flex: "1 1 380px", padding: "40px 40px 32px", background: "#f5f8fd", borderRight: "1px solid #edf0f5" }}>
            <Typography.Text type="secondary">恩施土家族苗族自治州人力资源和社会保障局</Typography.Text>
            <Typography.Title level={2} style={{ marginTop: 8, color: "#0d3a7a" }}>
              恩施州劳动力资源信息平台
            </Typography.Title>
            <Typography.Paragraph type="secondary">平台包括五个子系统，按账户授权使用：</Typography.Paragraph>
            <ul style={{ paddingInlineStart: 20, lineHeight: 2, color: "#434343" }}>
              {Object.values(SUBSYSTEM_INFO).map((s) => (
                <li key={s.code}>{s.name}</li>
              ))}
            </ul>
            <Divider style={{ margin: "16px 0" }} />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
              账户实行实名制，一人一号，仅限本人使用，严禁出借、转让或盗用他人账户（《应用系统权限管理暂行办法》第四条、第五条）。
              登录、操作均记入审计日志。
            </Typography.Paragraph>
          </div>
          <div style={{ flex: "1 1 360px", padding: "32px 40px", display: "flex", flexDirection: "column", alignItems: "center" }}>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              <MobileOutlined /> 请使用电子社保卡扫码登录
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ textAlign: "center" }}>
              打开电子社保卡（掌上12333、支付宝或微信中的电子社保卡），扫描下方二维码并在手机上确认
            </Typography.Paragraph>
            {endedReason && (
              <Alert type="warning" showIcon message="您的上一次会话已结束" description={endedReason} style={{ width: "100%", marginBottom: 16 }} data-testid="session-ended-reason" />
            )}
            {state.info && !endedReason && <Alert type="success" showIcon message={state.info} style={{ width: "100%", marginBottom: 16 }} />}
            <QrPanel ticket={ticket} status={status} remaining={remaining} problem={problem} onRefresh={() => void newTicket()} />
            {health.data && (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginTop: 8 }} data-testid="run-mode">
                运行模式：{demo ? "演示模式（模拟器登录，演示数据）" : "生产模式"}
              </Typography.Text>
            )}
            {demo && (
              <div style={{ width: "100%", marginTop: 8, padding: 12, background: "#fffbe6", border: "1px solid #ffe58f", borderRadius: 6 }} data-testid="demo-box">
                <Typography.Text strong>演示模式</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "4px 0 8px" }}>
                  没有电子社保卡时，可在模拟器中“扫描”本二维码并选择演示身份确认登录。二维码内容：
                </Typography.Paragraph>
                <Typography.Paragraph
                  copyable={ticket ? { text: ticket.qrContent, tooltips: ["复制二维码内容", "已复制"] } : false}
                  code
                  style={{ fontSize: 11, wordBreak: "break-all", marginBottom: 8 }}
                  data-testid="qr-content"
                >
                  {ticket?.qrContent ?? "—"}
                </Typography.Paragraph>
                <Button href={simulatorHref} target="_blank" rel="noopener" icon={<MobileOutlined />} block disabled={!ticket || !active}>
                  打开电子社保卡模拟器（演示）
                </Button>
              </div>
            )}
          </div>
        </div>
      </Card>
      <Typography.Text style={{ color: "rgba(255,255,255,0.75)", marginTop: 20, fontSize: 12 }}>
        恩施土家族苗族自治州人力资源和社会保障局
      </Typography.Text>
    </div>
  );
}
