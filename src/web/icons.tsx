/** The menu icon of each business subsystem (P1). */
import type { ReactNode } from "react";
import { BarChartOutlined, DatabaseOutlined, ShopOutlined, SwapOutlined, WarningOutlined } from "@ant-design/icons";
import type { BusinessSubsystem } from "./types.js";

export const SUBSYSTEM_ICONS: Record<BusinessSubsystem, ReactNode> = {
  LABOR: <DatabaseOutlined />,
  SHARE: <SwapOutlined />,
  GIG: <ShopOutlined />,
  ANALYTICS: <BarChartOutlined />,
  CASES: <WarningOutlined />,
};
