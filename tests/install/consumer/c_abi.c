/* c_abi FILE OUT [KEY=VALUE ...]: the C ABI from C; options as <diagc/diagc.h> keys. */
#include <diagc/diagc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* read_all(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* text = malloc((size_t)n + 1);
  *size = fread(text, 1, (size_t)n, f);
  fclose(f);
  return text;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: c_abi FILE OUT [KEY=VALUE ...]\n");
    return 2;
  }
  size_t size = 0;
  char* text = read_all(argv[1], &size);
  if (!text) return 3;
  diagc_options* options = diagc_options_new();
  diagc_options_set(options, "file-name", argv[1]);
  for (int i = 3; i < argc; ++i) {
    char* eq = strchr(argv[i], '=');
    if (!eq) return 2;
    *eq = '\0';
    if (diagc_options_set(options, argv[i], eq + 1) != 0) {
      fprintf(stderr, "bad option %s\n", argv[i]);
      return 2;
    }
  }
  diagc_result* result = diagc_compile(text, size, options);
  for (size_t i = 0; i < diagc_result_diagnostic_count(result); ++i) {
    diagc_diagnostic d;
    diagc_result_diagnostic(result, i, &d);
    fprintf(stderr, "%s:%d:%d: %s\n", d.file, d.line, d.column, d.message);
  }
  int status = diagc_result_ok(result) ? 0 : 1;
  if (status == 0) {
    size_t bytes = 0;
    const char* data = diagc_result_output(result, 0, &bytes);
    FILE* out = fopen(argv[2], "wb");
    fwrite(data, 1, bytes, out);
    fclose(out);
  }
  diagc_result_free(result);
  diagc_options_free(options);
  free(text);
  return status;
}
