// Kinds of org unit (docs/api.md, UNIT.kind) with their Chinese names.
export const UNIT_KINDS = [
  { value: 'city_detachment', label: '市支队' },
  { value: 'bureau', label: '区应急管理局' },
  { value: 'brigade', label: '执法大队' },
  { value: 'office', label: '内设机构' },
  { value: 'township', label: '乡镇/街道' },
  { value: 'devzone', label: '开发区' },
];

