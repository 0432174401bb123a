// core/store/failing_file_system.h
//
// Test-only: a RocksDB file system whose writable files fail every append
// and sync once told to, to check that a failing disk loses nothing
// already written and fails the calls that needed it.

#ifndef SUIVI_CORE_STORE_FAILING_FILE_SYSTEM_H_
#define SUIVI_CORE_STORE_FAILING_FILE_SYSTEM_H_

#include <atomic>
#include <memory>
#include <string>

#include "rocksdb/file_system.h"

namespace suivi::store {

// A file system whose writable files fail every append and sync once told
// to: a disk that fails under the store.
class FailingFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FailingFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FailingFileSystem"; }

  void FailWrites() { failing_ = true; }

  rocksdb::IOStatus NewWritableFile(const std::string& name,
                                    const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, file, debug);
    if (s.ok()) file->reset(new File(std::move(*file), &failing_));
    return s;
  }

 private:
  class File final : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> file, const std::atomic<bool>* failing)
        : FSWritableFileOwnerWrapper(std::move(file)), failing_(failing) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override {
      if (*failing_) return rocksdb::IOStatus::IOError("disque en panne (test)");
      return FSWritableFileOwnerWrapper::Append(data, options, debug);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
      if (*failing_) return rocksdb::IOStatus::IOError("disque en panne (test)");
      return FSWritableFileOwnerWrapper::Sync(options, debug);
    }

   private:
    const std::atomic<bool>* const failing_;
  };

  std::atomic<bool> failing_{false};
};

}  // namespace suivi::store

#endif  // SUIVI_CORE_STORE_FAILING_FILE_SYSTEM_H_
