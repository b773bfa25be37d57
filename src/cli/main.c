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
    fprintf(stderr, "zhifa: 未知命令“%s”\n\n%s", cmd, usage);
    return 2;
}
