"""Writes import.xlsx: 100,000 new residents at the addresses of export.xlsx, with distinct valid ID numbers."""
import openpyxl
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def check(body): return "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]
source = openpyxl.load_workbook("export.xlsx", read_only=True).active
rows = list(source.iter_rows(min_row=1, values_only=True))
header, addresses = rows[0], rows[1:]
out = openpyxl.Workbook(write_only=True)
sheet = out.create_sheet("居民台账")
sheet.append(header)
for i in range(100_000):
    a = addresses[i % len(addresses)]
    household = a[6][:12] + "%02d%04d" % (50 + i // 3 // 9999, i // 3 % 9999 + 1)
    birth = "19%02d%02d%02d" % (40 + i % 60, 1 + i % 12, 1 + i % 28)
    # Area and birth date repeat every 1,260 rows (lcm of 90, 60, 12, 28); the sequence changes each period,
    # so every number is distinct, and none shares the demo's area code 410105.
    body = "4102%02d" % (3 + i % 90) + birth + "%03d" % (i // 1260 % 1000)
    sheet.append([None, *a[1:6], household, "成员", "导入测试%d" % i, None, None, body + check(body), "139%08d" % i, "常住", None])
out.save("import.xlsx")
