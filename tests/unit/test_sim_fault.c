/* tests/unit/test_sim_fault.c — what a faulting kernel reports: illegal and
 * misaligned accesses in every space (with the nearest allocation, use after
 * free, window sizes), running off the end, and predecode errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "tests/unit/sim_harness.h"

static th *new_th(void)
{
    th *t = th_new();
    assert_non_null(t);
    return t;
}

static void expect_in(const char *msg, const char *part)
{
    if (strstr(msg, part) == NULL)
        fail_msg("'%s' not in:\n%s", part, msg);
}

static void test_oob_store_report(void **state)
{
    (void)state;
    th *t = new_th();
    th_must_asm(t, "S2R R0, SR_TID.X\n"
                "S2R R1, SR_CTAID.X\n"
                "LDC.64 R2, c[0x0][0x0]\n"
                "IMAD.WIDE.U32 R2, R0, 0x4, R2\n"
                "ISETP.EQ.U32.AND P0, R0, 0x25, PT\n"
                "ISETP.EQ.U32.AND P0, R1, 0x1, P0\n"
                "@P0 IADD.64 R2, R2, 0x106c\n"        /* thread (37) of block 1: +4352 */
                "MOV R6, 0x1\n"
                "STG.32 [R2], R6\n"
                "EXIT\n", 8);
    uint8_t *buf = th_alloc(t, 4096);
    th_param_ptr(t, 0, buf);
    assert_int_equal(th_run(t, 2, 64), SIM_FAULT_ILLEGAL_ADDRESS);
    sim_fault *f = &t->fault;
    assert_int_equal(f->status, SIM_FAULT_ILLEGAL_ADDRESS);
    assert_int_equal(f->ctaid.x, 1);
    assert_int_equal(f->tid.x, 37);
    assert_int_equal(f->pc, 8);
    assert_int_equal(f->ptx_line, 9);
    assert_int_equal(f->size, 4);
    assert_int_equal(f->addr, (uint64_t)(uintptr_t)buf + 4352);
    char want[512];
    expect_in(f->message, "cobalt: illegal memory access in kernel 'test_kernel' at PTX line 9 "
                          "(.L8: STG.32 [R2], R6)\n");
    snprintf(want, sizeof want, "  block (1,0,0) thread (37,0,0): 4-byte store to 0x%llx\n",
             (unsigned long long)(uintptr_t)(buf + 4352));
    expect_in(f->message, want);
    snprintf(want, sizeof want, "  nearest allocation: 0x%llx (4096 bytes, device): "
             "the address is 256 bytes past its end", (unsigned long long)(uintptr_t)buf);
    expect_in(f->message, want);
    /* the first CTA stored everything; the faulting one stored nothing */
    for (unsigned i = 0; i < 64; i++)
        assert_int_equal(buf[4 * i], i < 64 ? 1 : 0);
    th_free(t);
}

static void test_misaligned(void **state)
{
    (void)state;
    th *t = new_th();
    th_must_asm(t, "LDC.64 R2, c[0x0][0x0]\n"
                "LDG.64 R4, [R2+0x4]\n"
                "EXIT\n", 8);
    uint8_t *buf = th_alloc(t, 64);
    th_param_ptr(t, 0, buf);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_MISALIGNED);
    expect_in(t->fault.message, "cobalt: misaligned memory access in kernel 'test_kernel' at "
                                "PTX line 2 (.L1: LDG.64 R4, [R2+0x4])");
    expect_in(t->fault.message, "thread (0,0,0): 8-byte load from");
    expect_in(t->fault.message, "not a multiple of the access size (8 bytes)");
    assert_int_equal(t->fault.addr, (uint64_t)(uintptr_t)buf + 4);
    th_free(t);
}

static void test_use_after_free_and_straddle(void **state)
{
    (void)state;
    th *t = new_th();
    th_must_asm(t, "LDC.64 R2, c[0x0][0x0]\n"
                "LDG.128 R4, [R2]\n"
                "EXIT\n", 8);
    uint8_t *gone = th_alloc(t, 1024);
    th_param_ptr(t, 0, gone + 512);
    assert_true(sim_mem_free(t->mem, gone));
    assert_int_equal(th_run(t, 1, 1), SIM_FAULT_ILLEGAL_ADDRESS);
    expect_in(t->fault.message, "(1024 bytes, device, freed): the address is inside it: "
                                "use after free");
    uint8_t *buf = th_alloc(t, 4104);
    th_param_ptr(t, 0, buf + 4096);
    assert_int_equal(th_run(t, 1, 1), SIM_FAULT_ILLEGAL_ADDRESS);
    expect_in(t->fault.message, "16-byte load from");
    expect_in(t->fault.message, "(4104 bytes, device): the access ends 8 bytes past its end");
    th_param_ptr(t, 0, buf - 256);
    assert_int_equal(th_run(t, 1, 1), SIM_FAULT_ILLEGAL_ADDRESS);
    expect_in(t->fault.message, "the address is 256 bytes before its start");
    th_param_ptr(t, 0, NULL);
    assert_int_equal(th_run(t, 1, 1), SIM_FAULT_ILLEGAL_ADDRESS);
    assert_int_equal(t->fault.addr, 0);
    th_free(t);
}

static void test_shared_local_const_windows(void **state)
{
    (void)state;
    th *t = new_th();
    t->k.shared_size = 256;
    t->k.local_size = 16;
    th_must_asm(t, "MOV R1, 0x100\n"
                "LDS.32 R4, [R1]\n"
                "EXIT\n", 8);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_ADDRESS);
    expect_in(t->fault.message, "4-byte load from shared offset 0x100\n");
    expect_in(t->fault.message, "the block has 256 bytes of shared memory (256 static, 0 dynamic): "
                                "the offset is 0 bytes past its end");
    /* with dynamic shared memory the same offset is fine */
    assert_int_equal(th_run3(t, (sim_dim3){ 1, 1, 1 }, (sim_dim3){ 32, 1, 1 }, 4), SIM_OK);
    th_must_asm(t, "STL.64 [RZ+0xc], RZ\nEXIT\n", 8);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_MISALIGNED);
    th_must_asm(t, "STL.64 [RZ+0x10], RZ\nEXIT\n", 8);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_ADDRESS);
    expect_in(t->fault.message, "8-byte store to local offset 0x10\n");
    expect_in(t->fault.message, "each thread has 16 bytes of local memory: "
                                "the offset is 0 bytes past its end");
    th_must_asm(t, "LDC.32 R4, c[0x0][0xfe]\nEXIT\n", 8);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_MISALIGNED);
    th_must_asm(t, "LDC.64 R4, c[0x0][0xfc]\nEXIT\n", 8);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_MISALIGNED);
    th_must_asm(t, "LDC.32 R4, c[0x0][0x100]\nEXIT\n", 8);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_ADDRESS);
    expect_in(t->fault.message, "4-byte load from c[0x0][0x100]\n");
    expect_in(t->fault.message, "constant bank 0 holds 256 bytes: the offset is 0 bytes past its end");
    th_must_asm(t, "LDC.32 R4, c[0x1][0x0]\nEXIT\n", 8);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_ADDRESS);
    expect_in(t->fault.message, "constant bank 1 holds 0 bytes");
    /* generic address in the shared window, past the block's shared memory */
    th_must_asm(t, "MOV R2, 0x1000\nMOV R3, 0x10000\nLD.32 R4, [R2]\nEXIT\n", 8);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_ADDRESS);
    expect_in(t->fault.message, "4-byte load from generic address 0x1000000001000 "
                                "(shared offset 0x1000)");
    th_free(t);
}

static void test_run_off_the_end(void **state)
{
    (void)state;
    th *t = new_th();
    th_must_asm(t, "MOV R1, 0x1\n", 4);
    assert_int_equal(th_run(t, 1, 32), SIM_FAULT_ILLEGAL_INSN);
    expect_in(t->fault.message, "cobalt: illegal instruction in kernel 'test_kernel' at .L1 "
                                "(past the last of 1 instructions)");
    expect_in(t->fault.message, "ran past the last instruction");
    th_free(t);
}

static void expect_reject(const char *src, uint32_t nregs, const char *part)
{
    th *t = new_th();
    if (th_asm(t, src, nregs))
        fail_msg("'%s' was accepted", src);
    expect_in(t->err, part);
    th_free(t);
}

static void test_predecode_errors(void **state)
{
    (void)state;
    expect_reject("MOV R1, RZ\nIADD R10, R1, R2\nEXIT\n", 8,
                  "kernel 'test_kernel', instruction 1 (PTX line 2): operand d: R10 lies beyond "
                  "the kernel's 8 registers");
    expect_reject("IADD.64 R3, R4, R6\nEXIT\n", 8, "R3 is not aligned to 2 registers");
    expect_reject("LDG.128 R6, [R2]\nEXIT\n", 16, "R6 is not aligned to 4 registers");
    expect_reject("IADD.64 R6, R4, R6\nEXIT\n", 7, "R6 (pair) lies beyond the kernel's 7 registers");
    expect_reject("BAR.SYNC 0x10\nEXIT\n", 8, "barrier ids are 0..15");
    expect_reject("IMUL.WIDE.U64 R4, R2, R6\nEXIT\n", 8, "128-bit destination");
    expect_reject("BRA .L50\nEXIT\n", 8, "BRA target .L50 is outside the kernel (2 instructions)");
    expect_reject("LDC.32 R1, c[0x5][0x0]\nEXIT\n", 8, "constant bank 5 does not exist");
    /* an all-zero word decodes as illegal */
    th *t = new_th();
    th_must_asm(t, "EXIT\nEXIT\n", 4);
    t->code[1] = (isa_word){ 0, 0 };
    sim_program_destroy(t->prog);
    t->prog = sim_program_create(&t->k, t->err, sizeof t->err);
    assert_null(t->prog);
    expect_in(t->err, "instruction 1 (PTX line 2): illegal instruction word");
    th_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oob_store_report),
        cmocka_unit_test(test_misaligned),
        cmocka_unit_test(test_use_after_free_and_straddle),
        cmocka_unit_test(test_shared_local_const_windows),
        cmocka_unit_test(test_run_off_the_end),
        cmocka_unit_test(test_predecode_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
