// Grade and total of a score sheet, for the live display only: the server
// computes them again on every save (core/evaluation.c) and its answer is
// what is stored. A veto (否决项) makes the case 不合格 whatever the score.
export const GRADE_NAMES = { excellent: '优秀', pass: '合格', fail: '不合格' };
export const GRADE_TAGS = { excellent: 'success', pass: '', fail: 'danger' };

export function gradeOf(standard, total, vetoed) {
  if (vetoed) return 'fail';
  if (total >= standard.grades.excellent) return 'excellent';
  if (total >= standard.grades.pass) return 'pass';
  return 'fail';
}

export const STATUS_NAMES = { pending: '待评查', draft: '已暂存', submitted: '已提交' };
export const FEEDBACK_STATUS = { open: '待答复', answered: '已答复', withdrawn: '已撤回' };
