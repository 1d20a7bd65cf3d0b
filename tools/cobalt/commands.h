/* tools/cobalt/commands.h — subcommands of the `cobalt` tool. Each returns
 * the process exit status; argv[0] is the subcommand name. */
#ifndef COBALT_TOOL_COMMANDS_H
#define COBALT_TOOL_COMMANDS_H

int cobalt_cmd_run(int argc, char **argv);     /* cobalt run [opts] ./app [args]  (cmd_run.c)  */
int cobalt_cmd_ptx(int argc, char **argv);     /* cobalt ptx file.ptx             (cmd_ptx.c)  */
int cobalt_cmd_asm(int argc, char **argv);     /* cobalt asm file.s -> hex words  (cmd_asm.c)  */
int cobalt_cmd_disasm(int argc, char **argv);  /* cobalt disasm file.hex          (cmd_asm.c)  */
int cobalt_cmd_devices(int argc, char **argv); /* cobalt devices [file.conf]    (cmd_devices.c) */

#endif
