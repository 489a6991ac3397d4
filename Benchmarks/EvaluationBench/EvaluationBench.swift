print("bench-evaluation: no benchmarks yet")
