print("bench-tracking: no benchmarks yet")
