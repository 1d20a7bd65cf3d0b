// options.cpp — command line and result files of the CNN example.
#include "options.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include "model.h"

static bool num(const char *s, uint64_t max, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 0);
    if (!*s || *end || errno || n > max || s[0] == '-')
        return false;
    *v = n;
    return true;
}

bool cnn_parse_args(int argc, char **argv, cnn_args *a, const char *prog)
{
    for (int i = 1; i < argc; i++) {
        std::string o = argv[i];
        if (i + 1 >= argc) {
            fprintf(stderr, "%s: option %s needs a value\n", prog, o.c_str());
            return false;
        }
        const char *v = argv[++i];
        uint64_t n = 1;
        bool ok = true;
        if (o == "--weights") a->weights = v;
        else if (o == "--train") a->train = v;
        else if (o == "--classes") a->classes_file = v;
        else if (o == "--probs") a->probs_file = v;
        else if (o == "--test") ok = num(v, 1 << 20, &n) && n > 0, a->test = (int)n;
        else if (o == "--batch") ok = num(v, 4096, &n) && n > 0, a->batch = (int)n;
        else if (o == "--train-size") ok = num(v, 1 << 20, &n) && n > 0, a->train_size = (int)n;
        else if (o == "--epochs") ok = num(v, 1000, &n) && n > 0, a->epochs = (int)n;
        else if (o == "--test-seed") ok = num(v, UINT64_MAX, &a->test_seed);
        else if (o == "--train-seed") ok = num(v, UINT64_MAX, &a->train_seed);
        else {
            fprintf(stderr, "%s: unknown option %s\nusage: %s [--train FILE [--train-size N] "
                    "[--epochs E] [--train-seed S]] [--weights FILE] [--test N] [--test-seed S]\n"
                    "       [--batch B] [--classes FILE] [--probs FILE]\n", prog, o.c_str(), prog);
            return false;
        }
        if (!ok) {
            fprintf(stderr, "%s: %s: bad value '%s'\n", prog, o.c_str(), v);
            return false;
        }
    }
    return true;
}

static bool write_file(const std::string &path, const int *classes, const float *probs, int n)
{
    FILE *f = fopen(path.c_str(), "w");
    if (!f) {
        fprintf(stderr, "cnn: %s: cannot create\n", path.c_str());
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (classes)
            fprintf(f, "%d\n", classes[i]);
        else
            for (int c = 0; c < CLASSES; c++)
                fprintf(f, "%.9g%c", probs[i * CLASSES + c], c + 1 < CLASSES ? ' ' : '\n');
    }
    return fclose(f) == 0;
}

bool cnn_write_results(const cnn_args &a, const int *classes, const float *probs, int n)
{
    bool ok = true;
    if (!a.classes_file.empty())
        ok = write_file(a.classes_file, classes, nullptr, n);
    if (!a.probs_file.empty())
        ok = write_file(a.probs_file, nullptr, probs, n) && ok;
    return ok;
}
