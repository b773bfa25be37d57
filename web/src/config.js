// Names shown by the web app. The district will come from the server's
// configuration once it exposes one; until then the demo district is named here.
export const DISTRICT_NAME = '叶集区';
export const PLATFORM_NAME = `${DISTRICT_NAME}应急管理综合行政执法平台`;
