// placeholder replaced below
print("")
