/* main.c — `zhifa SUBCOMMAND …`: hands over to one function per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "用法: zhifa <命令> [选项]\n"
    "\n"
    "命令:\n"
    "  serve          启动服务（HTTP API 与网页）\n"
    "  init           创建或升级数据库，生成全过程记录签名密钥\n"
    "  demo           载入演示数据（六安市叶集区）\n"
    "  audit verify   重算并核验全过程记录与全部检查点\n"
    "  migrate-db     把数据库整体复制到另一个空库（SQLite → PostgreSQL），并核验全过程记录\n"
    "  routes         以 JSON 输出 API 路由表（权限矩阵测试用）\n"
    "  import enterprises FILE   从 CSV/XLSX 导入企业（全部正确才入库）\n"
    "  calc uscc CODE…           校验统一社会信用代码，输出 JSON\n"
    "  draw sample --seed S --total N --count K [--no-repeats]   Rivest SHA-256 抽样，输出 JSON\n"
    "  draw verify FILE          复核公示的双随机抽查记录，一致时退出码 0\n"
    "  doc render|check-template 生成执法文书 PDF（模板 + 字段），检查文书模板\n"
    "\n"
    "每个命令都有 --help。配置也可用环境变量：ZHIFA_DB、ZHIFA_DATA_DIR、ZHIFA_LISTEN、\n"
    "ZHIFA_STATIC、ZHIFA_LOG_LEVEL、ZHIFA_THREADS、ZHIFA_SESSION_TTL、ZHIFA_PWHASH。\n";

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "serve") == 0) return zf_cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "init") == 0) return zf_cmd_init(argc - 1, argv + 1);
    if (strcmp(cmd, "demo") == 0) return zf_cmd_demo(argc - 1, argv + 1);
    if (strcmp(cmd, "audit") == 0) return zf_cmd_audit(argc - 1, argv + 1);
    if (strcmp(cmd, "migrate-db") == 0) return zf_cmd_migrate_db(argc - 1, argv + 1);
    if (strcmp(cmd, "routes") == 0) return zf_cmd_routes(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0) return zf_cmd_import(argc - 1, argv + 1);
    if (strcmp(cmd, "calc") == 0) return zf_cmd_calc(argc - 1, argv + 1);
    if (strcmp(cmd, "draw") == 0) return zf_cmd_draw(argc - 1, argv + 1);
    if (strcmp(cmd, "doc") == 0) return zf_cmd_doc(argc - 1, argv + 1);
    fprintf(stderr, "zhifa: 未知命令“%s”\n\n%s", cmd, usage);
    return 2;
}
