-- S-GIG configuration rows. Minimum wage tiers of Hubei, 鄂政办发〔2025〕44号: 2400 / 2130 / 1970 元 a month and
-- 24 / 21.5 / 20 元 an hour (kept in 分). The tier of each Enshi county is configuration (gig_county_wage_tiers), to be
-- confirmed against the notice's annex by the bureau (docs/decisions.md D40-G): 恩施市 second tier, the others third.
INSERT INTO gig_min_wage_tiers (tier, monthly_fen, hourly_fen, source) VALUES
  (1, 240000, 2400, '鄂政办发〔2025〕44号'),
  (2, 213000, 2150, '鄂政办发〔2025〕44号'),
  (3, 197000, 2000, '鄂政办发〔2025〕44号');
--> statement-breakpoint
INSERT INTO gig_county_wage_tiers (county_code, tier) VALUES
  ('422801', 2), ('422802', 3), ('422822', 3), ('422823', 3), ('422825', 3), ('422826', 3), ('422827', 3), ('422828', 3);
--> statement-breakpoint
-- The skill code table (data an admin extends through POST /api/gig/skills); industry groups them for 求人倍率.
INSERT INTO gig_skills (code, name, industry, builtin, sort) VALUES
  ('cleaning', '保洁', '居民服务', true, 10),
  ('moving', '搬运', '交通运输', true, 20),
  ('housekeeping', '家政', '居民服务', true, 30),
  ('nanny', '保姆/月嫂', '居民服务', true, 40),
  ('plumbing', '水电', '建筑装饰', true, 50),
  ('decoration', '装修', '建筑装饰', true, 60),
  ('repair', '维修', '居民服务', true, 70),
  ('delivery', '配送', '交通运输', true, 80),
  ('farm_season', '农业季节工', '农林牧渔', true, 90),
  ('tea_picking', '采茶', '农林牧渔', true, 100),
  ('construction', '建筑小工', '建筑装饰', true, 110),
  ('catering', '餐饮帮厨', '住宿餐饮', true, 120),
  ('security', '保安', '居民服务', true, 130),
  ('care', '护工', '卫生健康', true, 140);
